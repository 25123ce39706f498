"""The demo the devnet is seeded with: five people, their profiles, posts, follows, tips, articles.

Kept apart from the seeding mechanics (seed.py) so the story can be edited without touching
code. Steps run in order, one transaction per block, so posts and articles get ids in the order
they appear here; later steps refer to earlier ones by their ``ref`` label.
"""

from __future__ import annotations

from dataclasses import dataclass

# anvil's well-known development keys 1..5 (derived from the public "test test … junk"
# mnemonic, funded with 10,000 ETH on every anvil chain). Key 0 deploys the contracts.
DEV_KEYS = {
    "ada": "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "bram": "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "chiara": "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "devi": "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "eli": "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
}


@dataclass(frozen=True)
class Persona:
    handle: str
    name: str
    bio: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    who: str


@dataclass(frozen=True)
class Follow:
    who: str
    whom: str


@dataclass(frozen=True)
class Post:
    who: str
    ref: str
    text: str
    reply_to: str = ""
    cw: str = ""
    tags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    """Handles of people mentioned; written into the document as their addresses."""
    quote: str = ""
    """Ref of a post this one quotes."""


@dataclass(frozen=True)
class Repost:
    who: str
    target: str


@dataclass(frozen=True)
class Tip:
    who: str
    target: str
    eth: str


@dataclass(frozen=True)
class Article:
    who: str
    ref: str
    title: str
    summary: str
    body: str
    price_eth: str
    editions: int


@dataclass(frozen=True)
class Collect:
    who: str
    target: str


Step = Profile | Follow | Post | Repost | Tip | Article | Collect

PERSONAS = {
    p.handle: p
    for p in (
        Persona(
            "ada",
            "Ada Quill",
            "Essayist. Writing about the web we lost and the one we could still build. "
            "Long reads, short temper with dark patterns.",
            ("https://example.org/ada", "https://example.org/ada/newsletter"),
        ),
        Persona(
            "bram",
            "Bram Okafor",
            "Smart-contract engineer. Vyper over Solidity, tests over vibes. "
            "Opinions are my own and usually about gas.",
            ("https://example.org/bram",),
        ),
        Persona(
            "chiara",
            "Chiara Vento",
            "Photographer and printmaker in Trieste. Wind, salt, film grain. "
            "Editions of my zines live on chain.",
            ("https://example.org/chiara", "https://example.org/chiara/prints"),
        ),
        Persona(
            "devi",
            "Devi Raman",
            "Security researcher. I read terminal escape codes so you don't have to. "
            "Threat models, coffee, and the occasional CVE.",
        ),
        Persona(
            "eli",
            "Eli Sato",
            "Lives in tmux. Mechanical keyboards, vim motions, tiny TUIs. "
            "If it needs a mouse, I'm not using it.",
            ("https://example.org/eli",),
        ),
    )
}

_ARTICLE_WEB = """# The Web We Could Still Build

Twenty years ago a personal page was a folder on a server you rented. You owned the words, the
links and the address, and if the host went away you copied the folder somewhere else.

Platforms traded that ownership for convenience. The trade was not crazy: feeds are
wonderful, search is wonderful, not running a server is wonderful. But the price turned out to
be the folder itself.

## What content addressing changes

When a post is named by the hash of its bytes, *where* it lives stops mattering. Any copy is
as good as the original, because you can check it:

```
cid = base32(0x01 0x55 0x12 0x20 || sha256(bytes))
```

A gateway can be slow, or gone, but it cannot lie about what you wrote.

## What a chain adds

A chain is a terrible database and an excellent notary. It does not need to store the essay:
only the fact that *this* account published *that* hash at *this* time. Timelines become
something anyone can rebuild from the log.

## What is still hard

- Moderation without a moderator.
- Discovery without an algorithm you did not choose.
- Keys that ordinary people do not lose.

None of these are solved. All of them are easier to work on when the folder is yours again.
"""

_ARTICLE_TERMINAL = """# Your Terminal Is an Attack Surface

Every byte your terminal prints is an instruction it might obey. Most of us learned this the
day `cat` on a binary file turned the prompt into line-drawing characters.

## The short list

1. **OSC 0/2** sets the window title. Harmless, until it is used to spoof what you think is
   running.
2. **OSC 52** writes to your clipboard. A post that silently replaces your clipboard with
   `curl … | sh` is one paste away from a bad day.
3. **OSC 8** makes hyperlinks whose visible text and target differ.
4. **Bidi overrides** (U+202E and friends) reorder what you read without changing what you
   copy: Trojan Source, but for timelines.

## What a client owes its users

Sanitise at the boundary, once, before anything is rendered: replace control characters,
make bidi controls visible, cap lengths. Never build markup from strings strangers wrote.
Show the full address next to every name in a confirmation.

## Checklist for your own tools

- Does untrusted text ever reach `print` unescaped?
- Can a link's label differ from its target?
- What happens with a 10 MB single line?

If you do not know, you have homework. So did I.
"""

_ARTICLE_SALT = """# Salt, Wind, Silver

Notes from a winter of shooting the Karst coast on expired film.

The bora comes down from the plateau at a hundred kilometres an hour and the sea goes white.
Tripods are useless; you lean into the wall of the Molo Audace and brace the camera on your
chest.

## Kit

- A 1978 rangefinder with a sticky shutter at 1/500.
- Twelve rolls of film that expired before I was born.
- Gloves with the fingertips cut off, which is to say, no gloves.

## Developing

Stand development, one hour, diluted to almost nothing. The grain comes up like frost.
Half the frames were blank. The other half are in this zine.

*Edition of 25. Each collector gets the same pages; the first owner keeps the plates.*
"""

ARTICLES = {"web": _ARTICLE_WEB, "terminal": _ARTICLE_TERMINAL, "salt": _ARTICLE_SALT}

SCRIPT: tuple[Step, ...] = (
    Profile("ada"),
    Profile("bram"),
    Profile("chiara"),
    Profile("devi"),
    Profile("eli"),
    Follow("ada", "bram"),
    Follow("ada", "chiara"),
    Follow("bram", "ada"),
    Follow("bram", "devi"),
    Follow("chiara", "ada"),
    Follow("chiara", "eli"),
    Follow("devi", "bram"),
    Follow("devi", "eli"),
    Follow("devi", "ada"),
    Follow("eli", "devi"),
    Follow("eli", "bram"),
    Follow("eli", "chiara"),
    Post(
        "ada",
        "hello",
        "First post on a network where I hold the keys. Feels like getting my own front door back.",
        tags=("intro",),
    ),
    Post(
        "eli",
        "tmux",
        "Set up Agora in a tmux split next to my editor. Timeline on the left, code on the "
        "right, zero tabs open in a browser. This is the dream.",
        tags=("tui", "tmux"),
    ),
    Post("bram", "welcome", "Welcome aboard! Tip: `?` shows every key binding.", reply_to="hello"),
    Post(
        "devi",
        "escapes",
        "PSA: if your terminal client renders posts without stripping escape sequences, "
        "anyone can write to your clipboard with OSC 52. Check your tools.",
        tags=("security", "terminals"),
    ),
    Post(
        "eli",
        "escapes-reply",
        "Tested it on my old IRC client. It... worked. Uninstalled.",
        reply_to="escapes",
    ),
    Post(
        "chiara",
        "bora",
        "Bora at 110 km/h this morning. The sea was completely white. Shot two rolls, "
        "dropped one in a puddle.",
        tags=("photography", "trieste"),
    ),
    Post(
        "bram",
        "gas",
        "Shaved 4k gas off a mint by moving a counter update before the external call. "
        "Checks, effects, interactions: the order is not a suggestion.",
        tags=("vyper", "security"),
    ),
    Post(
        "devi",
        "gas-reply",
        "And it closes a reentrancy window too. Two birds, one storage slot.",
        reply_to="gas",
    ),
    Post(
        "ada",
        "folders",
        "Hot take: the most radical feature of the early web was that your homepage was a "
        "folder you could copy.",
        tags=("web",),
    ),
    Post(
        "eli",
        "folders-reply",
        "rsync -av ~/public_html new-host: was the original portability protocol.",
        reply_to="folders",
    ),
    Post(
        "chiara",
        "film",
        "Expired film tip: overexpose by one stop for every decade past the date. "
        "Or don't, and embrace the mud.",
        tags=("photography", "film"),
    ),
    Post(
        "bram",
        "expanse",
        "Finally finished the last Expanse book. The ending with the ring gates... I have "
        "feelings and nobody to discuss them with.",
        cw="spoilers: The Expanse (books)",
        tags=("books",),
    ),
    Post(
        "ada",
        "expanse-reply",
        "I cried on a train. Let's get coffee and never speak of it in public.",
        reply_to="expanse",
        cw="spoilers: The Expanse (books)",
    ),
    Post(
        "eli",
        "keyboard",
        "New board arrived: 36 keys, no number row, home-row mods. Typing speed down 40%. "
        "Smugness up 300%.",
        tags=("keyboards",),
    ),
    Post(
        "devi",
        "bidi",
        "Reminder that U+202E can make an address read backwards. A client should always "
        "show the full checksummed address next to a name before you sign anything.",
        tags=("security", "unicode"),
    ),
    Post(
        "bram",
        "bidi-quote",
        "This is why our confirmation modal shows the whole address, always. No truncation, "
        "no ens-only display.",
        quote="bidi",
        mentions=("devi",),
    ),
    Post(
        "chiara",
        "zine",
        "Working on a small zine of the winter coast. Thinking of releasing it as a 25-edition "
        "article here. Would anyone actually collect a zine on chain?",
        tags=("zines", "nft"),
    ),
    Post("ada", "zine-yes", "Yes. Take my ETH.", reply_to="zine"),
    Post(
        "eli",
        "zine-yes-2",
        "Only if I can read it in my terminal. (I can, can't I.)",
        reply_to="zine",
    ),
    Post(
        "devi",
        "coffee",
        "Third coffee. The fuzzer found a crash in a Markdown parser with a 40,000-deep "
        "blockquote. Nesting limits, people.",
        tags=("fuzzing",),
    ),
    Post(
        "bram",
        "vyper",
        "Things I like about Vyper: no modifiers, no inline assembly, bounded loops, and "
        "@nonreentrant that does what it says.",
        tags=("vyper",),
    ),
    Post(
        "ada",
        "moderation",
        "Moderation without a moderator is the hard problem. Client-side mute lists that you "
        "can share and subscribe to might get us 80% of the way.",
        tags=("moderation", "web"),
    ),
    Post(
        "devi",
        "moderation-reply",
        "Shared mute lists are also a great way to harass people by list. Worth threat "
        "modelling before shipping.",
        reply_to="moderation",
    ),
    Post(
        "ada",
        "moderation-reply-2",
        "Fair. Signed lists with visible authors, then? You'd know whose judgement you import.",
        reply_to="moderation-reply",
    ),
    Post(
        "chiara",
        "darkroom",
        "Darkroom day. Everything smells of fixer and my playlist is 90% Aphex Twin.",
        tags=("film",),
    ),
    Post(
        "eli",
        "vimkeys",
        "Agora lets you rebind every key in settings.toml. j/k already work, but I mapped "
        "tipping to `t` on my home row and it's dangerous how easy it is.",
        tags=("tui", "vim"),
    ),
    Post(
        "bram",
        "gasprice",
        "Gas was 3 gwei this morning. Deployed everything I had been sitting on for a week.",
        tags=("ethereum",),
    ),
    Post(
        "devi",
        "phish",
        "Got a very convincing phishing DM today: fake wallet upgrade, real-looking domain "
        "with a Cyrillic 'а'. Punycode display saves lives.",
        cw="phishing screenshot description",
        tags=("security", "phishing"),
    ),
    Post(
        "ada",
        "phish-reply",
        "Terrifying. Does the client show punycode for links in posts?",
        reply_to="phish",
    ),
    Post(
        "devi",
        "phish-reply-2",
        "Yes: full target, punycode host, https only, before it opens anything.",
        reply_to="phish-reply",
    ),
    Post(
        "chiara",
        "food",
        "Made jota (bean and sauerkraut soup) for the first time. It is brown. It is "
        "perfect. It will not be photographed.",
        cw="food",
        tags=("food", "trieste"),
    ),
    Post(
        "eli",
        "ssh",
        "Running Agora over ssh on a Raspberry Pi from my phone. Terminal apps really are "
        "the most portable apps.",
        tags=("tui",),
    ),
    Post(
        "bram",
        "audit",
        "Rule of thumb: if your contract needs a diagram to explain the call graph, it needs "
        "an audit more than it needs a diagram.",
        tags=("security", "solidity"),
    ),
    Post(
        "ada",
        "writing",
        "Drafting a long piece on content addressing and why it quietly changes who owns a "
        "post. Will publish it as an article here this week.",
        tags=("writing", "ipfs"),
    ),
    Post(
        "eli",
        "writing-reply",
        "Looking forward to reading it in a 100-column pane.",
        reply_to="writing",
    ),
    Post(
        "devi",
        "sleep",
        "It's 3am and I am reading the ECMA-48 standard for fun. Send help, or better, send "
        "terminals that ignore C1 controls.",
        cw="mild existential dread",
        tags=("terminals",),
    ),
    Post(
        "chiara",
        "ipfs",
        "Pinned all my scans to my own node. It's oddly calming to know the hash is the "
        "photo, wherever it ends up.",
        tags=("ipfs", "photography"),
    ),
    Post(
        "bram",
        "tests",
        "Our contract tests run against a real anvil node, not mocks. Slower by 2 seconds, "
        "right by a mile.",
        tags=("testing",),
    ),
    Post(
        "eli",
        "ligature",
        "Controversial: font ligatures in a terminal are fine, actually.",
        tags=("fonts",),
    ),
    Post("devi", "ligature-reply", "Blocked. (Kidding. Mostly.)", reply_to="ligature"),
    Post(
        "bram",
        "ligature-reply-2",
        "!= looking like ≠ has cost me an hour once.",
        reply_to="ligature",
    ),
    Post(
        "ada",
        "gm",
        "Morning. Coffee, an empty timeline I built myself, and no algorithm telling me what "
        "to be angry about.",
        tags=("gm",),
    ),
    Post(
        "chiara",
        "storm",
        "Another storm rolling in over the gulf. Going out with the rangefinder, back in an "
        "hour if the wind allows.",
        cw="flashing lights (lightning photos)",
        tags=("photography",),
    ),
    Article(
        "ada",
        "web",
        "The Web We Could Still Build",
        "Why content addressing and a public log quietly give you your folder back.",
        _ARTICLE_WEB,
        "0.01",
        100,
    ),
    Post(
        "ada",
        "web-announce",
        "Published: 'The Web We Could Still Build'. 100 editions at 0.01 ETH if you want to "
        "keep a copy; free to read either way.",
        tags=("writing", "web"),
    ),
    Article(
        "devi",
        "terminal",
        "Your Terminal Is an Attack Surface",
        "OSC 52, hyperlinks, bidi overrides and what a client owes the people who use it.",
        _ARTICLE_TERMINAL,
        "0",
        0,
    ),
    Post(
        "devi",
        "terminal-announce",
        "Wrote up everything I know about terminal escape attacks for client authors. "
        "Not collectable, just read it.",
        tags=("security", "terminals"),
    ),
    Article(
        "chiara",
        "salt",
        "Salt, Wind, Silver",
        "A winter of expired film on the Karst coast. Zine, edition of 25.",
        _ARTICLE_SALT,
        "0.02",
        25,
    ),
    Post(
        "chiara",
        "salt-announce",
        "The zine is out: 'Salt, Wind, Silver', 25 editions. Thank you all for pushing me.",
        tags=("zines", "photography"),
    ),
    Collect("ada", "salt"),
    Collect("eli", "web"),
    Collect("bram", "salt"),
    Repost("eli", "escapes"),
    Repost("bram", "bidi"),
    Repost("ada", "salt-announce"),
    Repost("devi", "web-announce"),
    Repost("chiara", "web-announce"),
    Repost("eli", "terminal-announce"),
    Tip("ada", "zine", "0.01"),
    Tip("devi", "gas", "0.005"),
    Tip("eli", "escapes", "0.02"),
    Tip("chiara", "folders", "0.003"),
    Tip("bram", "terminal-announce", "0.05"),
    Tip("ada", "bora", "0.002"),
    Post(
        "eli",
        "collected",
        "Collected Ada's essay. Reading it in a split pane with the timeline scrolling "
        "beside it. This is what I wanted computers to be.",
        reply_to="web-announce",
    ),
    Post(
        "bram",
        "collected-2",
        "Edition #2 of the zine is mine. The grain on the second page is unreal.",
        reply_to="salt-announce",
    ),
)
