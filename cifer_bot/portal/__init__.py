"""The portal as the tool sees it: which portal a run talks to (`target`), the resolver
that turns a map's label into the control (`resolver`, `find_controls.js`), and the
guard that keeps the tool off the final submission (`guard`)."""
