import { Buffer } from 'node:buffer';
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** One SASL exchange: the client's messages, each made from the server's last answer. */
export interface SaslExchange {
  /** The mechanism's name as the broker knows it. */
  readonly name: string;
  /** The next message to the broker, or null when the exchange is over. */
  next(serverMessage: Buffer | null): Buffer | null;
}

/** PLAIN (RFC 4616): one message, the user name and password. */
function plain(username: string, password: string): SaslExchange {
  let sent = false;
  return {
    name: 'PLAIN',
    next() {
      if (sent) return null;
      sent = true;
      return Buffer.from(`\0${username}\0${password}`, 'utf8');
    },
  };
}

/** `=` and `,` may not appear bare in a SCRAM user name (RFC 5802, 5.1). */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function fields(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

/**
 * SCRAM (RFC 5802; SHA-256 and SHA-512 as Kafka names them): the client's first message, its
 * proof from the server's salt and iterations, then a check of the server's signature, so a
 * broker that does not know the password cannot pass for one that does.
 */
export function scram(
  hash: 'sha256' | 'sha512',
  username: string,
  password: string,
  nonce = randomBytes(24).toString('base64'),
): SaslExchange {
  const keyLength = hash === 'sha256' ? 32 : 64;
  const firstBare = `n=${saslName(username)},r=${nonce}`;
  let step = 0;
  let serverSignature: Buffer | null = null;
  const hmac = (key: Buffer, text: string): Buffer => createHmac(hash, key).update(text).digest();
  return {
    name: hash === 'sha256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512',
    next(serverMessage) {
      step += 1;
      if (step === 1) return Buffer.from(`n,,${firstBare}`, 'utf8');
      const text = serverMessage?.toString('utf8') ?? '';
      const f = fields(text);
      if (f.has('e')) throw new Error(`SCRAM authentication failed: ${f.get('e')}`);
      if (step === 2) {
        const serverNonce = f.get('r') ?? '';
        const salt = Buffer.from(f.get('s') ?? '', 'base64');
        const iterations = Number(f.get('i'));
        if (!serverNonce.startsWith(nonce) || !Number.isInteger(iterations) || iterations < 1) {
          throw new Error('SCRAM authentication failed: the broker sent an invalid challenge');
        }
        const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, keyLength, hash);
        const clientKey = hmac(salted, 'Client Key');
        const storedKey = createHash(hash).update(clientKey).digest();
        const finalBare = `c=biws,r=${serverNonce}`;
        const authMessage = `${firstBare},${text},${finalBare}`;
        const signature = hmac(storedKey, authMessage);
        const proof = Buffer.alloc(clientKey.length);
        for (let i = 0; i < proof.length; i++) {
          proof[i] = (clientKey[i] as number) ^ (signature[i] as number);
        }
        serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
        return Buffer.from(`${finalBare},p=${proof.toString('base64')}`, 'utf8');
      }
      if (step === 3) {
        const verifier = Buffer.from(f.get('v') ?? '', 'base64');
        if (
          !serverSignature ||
          verifier.length !== serverSignature.length ||
          !timingSafeEqual(verifier, serverSignature)
        ) {
          throw new Error("SCRAM authentication failed: the broker's signature does not match");
        }
      }
      return null;
    },
  };
}

export function saslExchange(
  mechanism: SaslMechanism,
  username: string,
  password: string,
): SaslExchange {
  switch (mechanism) {
    case 'plain':
      return plain(username, password);
    case 'scram-sha-256':
      return scram('sha256', username, password);
    case 'scram-sha-512':
      return scram('sha512', username, password);
  }
}
