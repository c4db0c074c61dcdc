// n8n loads this package through the "n8n" field of package.json (dist/…); this entry exists
// so that `require('n8n-nodes-whatsapp-session')` resolves for tooling that expects a main file.
module.exports = {};
