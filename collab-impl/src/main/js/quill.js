// The entry of the served quill.js: Quill 2 from the npm package, as an ES module whose default
// export is Quill. Bundled by build.mjs (esbuild); quill-delta is shared with collab.js.
export { default } from 'quill';
