// Files the package ships beside its code. This module sits at the root of `src/` (so of `dist/`), like the
// bundled CLI (`dist/cli.js`): `../` is the package's folder from either.
const packageRoot = new URL("../", import.meta.url);

/** The control API's description (`openapi/control.yaml`). */
export const controlSpecFile = new URL("openapi/control.yaml", packageRoot);

/** Where the built chat and docs pages are (`dist/ui/`). */
export const defaultPagesDir = new URL("dist/ui/", packageRoot);
