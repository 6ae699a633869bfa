// WXT's path aliases (the same as .wxt/tsconfig.json's `paths`) as a webpack `resolve` section,
// for dependency-cruiser only (.dependency-cruiser.cjs); nothing here is built with webpack.
const root = require('node:path').resolve(__dirname, '..');

module.exports = { resolve: { alias: { '@': root, '~': root, '@@': root, '~~': root } } };
