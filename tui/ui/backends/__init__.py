"""Each capability's part of what screens read and write: its protocol, a fake and the core one."""
