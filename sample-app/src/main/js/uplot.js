// The one module the admin console takes from npm: uPlot, bundled by build.mjs into
// assets/vendor/uplot.js of the WAR (no CDN).
export { default } from 'uplot';
