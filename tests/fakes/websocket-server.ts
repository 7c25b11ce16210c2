/**
 * The server side of RFC 6455, just enough for the Slack Socket Mode emulator: the opening handshake, text
 * frames both ways (client frames are masked, server frames are not), fragmented messages, ping → pong, and
 * the closing handshake. No extensions are accepted, so no compressed frames arrive. Test code only.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const handshakeGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WebSocketPeer {
  sendText(text: string): void;
  ping(): void;
  close(code?: number): void;
  readonly closed: boolean;
}

export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  handlers: { onText(text: string): void; onClose(): void },
): WebSocketPeer | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1').update(`${key}${handshakeGuid}`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let closed = false;
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];

  const write = (opcode: number, payload: Buffer) => {
    if (closed || socket.destroyed) return;
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, length])
        : length < 65_536
          ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
    socket.write(Buffer.concat([header, payload]));
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    socket.end();
    handlers.onClose();
  };

  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const frame = readFrame(buffered);
      if (frame === undefined) return;
      buffered = buffered.subarray(frame.size);
      if (frame.opcode === 0x9) write(0xa, frame.payload);
      else if (frame.opcode === 0x8) {
        write(0x8, frame.payload.subarray(0, 2));
        finish();
        return;
      } else if (frame.opcode === 0x1 || frame.opcode === 0x0) {
        fragments.push(frame.payload);
        if (frame.fin) {
          handlers.onText(Buffer.concat(fragments).toString('utf8'));
          fragments = [];
        }
      }
    }
  });
  socket.on('close', finish);
  socket.on('error', finish);

  return {
    sendText: (text) => write(0x1, Buffer.from(text, 'utf8')),
    ping: () => write(0x9, Buffer.from('emulator ping')),
    close(code = 1000) {
      const payload = Buffer.from([code >> 8, code & 0xff]);
      write(0x8, payload);
      finish();
    },
    get closed() {
      return closed;
    },
  };
}

function readFrame(
  data: Buffer,
): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0] ?? 0;
  const second = data[1] ?? 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) {
    for (let i = 0; i < payload.length; i++) {
      payload[i] = (payload[i] ?? 0) ^ (data[maskOffset + (i % 4)] ?? 0);
    }
  }
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}

function bigLength(length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(length));
  return out;
}
