// What a test page logged as an error or warning, and its uncaught errors: the tests read
// window.collabConsole (Browser.consoleProblems).
window.collabConsole = [];
for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => { window.collabConsole.push(level + ': ' + args.map(String).join(' ')); original(...args); };
}
window.addEventListener('error', (e) => window.collabConsole.push('uncaught: ' + e.message));
window.addEventListener('unhandledrejection', (e) => window.collabConsole.push('unhandled: ' + e.reason));
