// Loaded before textual.js. The terminal's link add-on opens any URL it sees in the app's
// output on a click, with `window.open()` and no URL, then navigates the new window: that would
// let a post's text open a page without Agora's link confirmation. Agora itself opens links only
// after that confirmation, with a URL. So: no URL, no window; and only https URLs.
(function () {
  "use strict";
  const open = window.open.bind(window);
  window.open = function (url, target, features) {
    if (typeof url !== "string" || url === "") {
      return null;
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch (error) {
      return null;
    }
    if (parsed.protocol !== "https:") {
      return null;
    }
    return open(parsed.href, "_blank", "noopener,noreferrer");
  };
})();
