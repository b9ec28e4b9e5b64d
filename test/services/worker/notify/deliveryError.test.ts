import { expect } from 'chai';
import { describeNetworkError, describeStatus } from '../../../../services/worker/notify/deliveryError';

const err = (code: string | undefined, message = 'internal detail at /srv/app.js:12') => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('services/worker/notify/deliveryError', () => {
  it('gives a fixed phrase per known code, never the message', () => {
    expect(describeNetworkError(err('ECONNREFUSED'))).to.equal('connection refused');
    expect(describeNetworkError(err('ECONNRESET'))).to.equal('connection reset');
    expect(describeNetworkError(err('ECONNRESET', 'socket hang up'))).to.equal('connection closed before a response');
    expect(describeNetworkError(err('HPE_INVALID_CONSTANT'))).to.equal('invalid HTTP response');
    expect(describeNetworkError(err('ERR_SSL_WRONG_VERSION_NUMBER'))).to.equal('TLS: handshake failed');
    expect(describeNetworkError(err('CERT_HAS_EXPIRED'))).to.equal('TLS: the certificate has expired');
  });

  it('shows an unknown code only when it looks like one, and nothing else of the error', () => {
    expect(describeNetworkError(err('EMFILE'))).to.equal('delivery failed (EMFILE)');
    expect(describeNetworkError(err('<script>alert(1)</script>'))).to.equal('delivery failed');
    expect(describeNetworkError(err(undefined))).to.equal('delivery failed');
    expect(describeNetworkError(undefined)).to.equal('delivery failed');
    expect(describeNetworkError('a string')).to.equal('delivery failed');
  });

  it('names redirects as not followed, other statuses by number', () => {
    expect(describeStatus(301)).to.equal('redirect 301 not followed');
    expect(describeStatus(308)).to.equal('redirect 308 not followed');
    expect(describeStatus(404)).to.equal('HTTP 404');
    expect(describeStatus(503)).to.equal('HTTP 503');
  });
});
