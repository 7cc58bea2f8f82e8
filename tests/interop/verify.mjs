// An independent verifier for Asal's certificates: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-jcs-2022 cryptosuite and the Bitstring Status List checker, as any other party would run it.
//
// Reads {"documents": {url: document}, "credentials": [credential, ...]} on standard input and
// writes one result per credential on standard output. The documents are what Asal served (the
// DID document under its did:web URL, status list credentials, Asal's JSON-LD context); the
// document loader answers from them and from the libraries' built-in contexts only, never from
// the network, so the suite runs offline and checks exactly what was served.

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const DID_WEB = 'did:web:';

// did:web resolution as the method specification defines it: host (with a %-encoded port),
// then colon-separated path segments; no path means /.well-known/did.json.
function didWebUrl(did) {
  const [host, ...segments] = did.slice(DID_WEB.length).split(':').map(decodeURIComponent);
  const path = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
  return `https://${host}${path}`;
}

function makeDocumentLoader(documents) {
  const found = (url, document) => ({contextUrl: null, documentUrl: url, document});
  return async url => {
    if(url.startsWith(DID_WEB)) {
      const [did, fragment] = url.split('#');
      const didDocument = documents[didWebUrl(did)];
      if(!didDocument || didDocument.id !== did) {
        throw new Error(`cannot resolve ${did}`);
      }
      if(fragment === undefined) {
        return found(url, didDocument);
      }
      const method = (didDocument.verificationMethod || []).find(
        m => m.id === url || m.id === `#${fragment}`);
      if(!method) {
        throw new Error(`${url} is not in the DID document of ${did}`);
      }
      return found(url, {'@context': didDocument['@context'], ...method, id: url});
    }
    if(Object.hasOwn(documents, url)) {
      return found(url, documents[url]);
    }
    return vc.defaultDocumentLoader(url);
  };
}

async function verifyOne(credential, documentLoader) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const statuses = {};
  for(const entry of result.statusResult?.results || []) {
    statuses[entry.credentialStatus.statusPurpose] = entry.status;
  }
  const errors = [result.error, result.statusResult?.error]
    .flat()
    .filter(Boolean)
    .map(error => String(error.message || error));
  return {
    // vc's own answer: the proof, the issuer's key and the status lists' own proofs hold
    verified: result.verified === true,
    // the status bits read from the lists (true: set, i.e. revoked or suspended)
    statuses,
    // what a relying party concludes: verified and no status bit set
    valid: result.verified === true && !Object.values(statuses).some(Boolean),
    errors,
  };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const {documents, credentials} = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const documentLoader = makeDocumentLoader(documents);
  const results = [];
  for(const credential of credentials) {
    results.push(await verifyOne(credential, documentLoader));
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
