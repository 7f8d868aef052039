/**
 * The message set of the codec benchmark: one registration as it crosses real registrars
 * (Asterisk as the registrant, Kamailio / OpenSIPS / Asterisk answering), written the way those
 * servers put them on the wire (header order, parameter spelling, spacing).
 */

export interface BenchMessage {
  readonly name: string;
  readonly text: string;
}

const crlf = (lines: readonly string[]): string => lines.join("\r\n");

const REGISTER = crlf([
  "REGISTER sip:sip.provider.example SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj6c1f3e8a-2b1d-4f7a-9c3e-7d5a1b2c3d4e",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38617 REGISTER",
  'Contact: <sip:4420123456@192.0.2.10:5060;transport=udp;line=zlzvwkr>;expires=3600;+sip.instance="<urn:uuid:6f0e2d3c-1b4a-4c5d-8e9f-a0b1c2d3e4f5>";reg-id=1',
  "Expires: 3600",
  "Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, INFO, MESSAGE, REFER",
  "Supported: path, outbound, gruu",
  "Max-Forwards: 70",
  "User-Agent: Asterisk PBX 20.5.2",
  "Content-Length:  0",
  "",
  "",
]);

const UNAUTHORIZED = crlf([
  "SIP/2.0 401 Unauthorized",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;rport=5060;branch=z9hG4bKPj6c1f3e8a-2b1d-4f7a-9c3e-7d5a1b2c3d4e;received=198.51.100.23",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>;tag=b27e1a1d33761e85846fc98f5f3a7e58.9c1f",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38617 REGISTER",
  'WWW-Authenticate: Digest realm="sip.provider.example", nonce="ZmQ3N2E1MzgtYjIzOS00ZjI2LTkwYjMtNDc0ZTk0MDQ2MzNi", qop="auth", algorithm=MD5',
  "Server: kamailio (5.6.3 (x86_64/linux))",
  "Content-Length: 0",
  "",
  "",
]);

const REGISTER_AUTH = crlf([
  "REGISTER sip:sip.provider.example SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bKPj0e7b2f91-6a3c-4d8e-b5f0-1c2d3e4f5a6b",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38618 REGISTER",
  'Contact: <sip:4420123456@192.0.2.10:5060;transport=udp;line=zlzvwkr>;expires=3600;+sip.instance="<urn:uuid:6f0e2d3c-1b4a-4c5d-8e9f-a0b1c2d3e4f5>";reg-id=1',
  "Expires: 3600",
  "Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, INFO, MESSAGE, REFER",
  'Authorization: Digest username="4420123456", realm="sip.provider.example", nonce="ZmQ3N2E1MzgtYjIzOS00ZjI2LTkwYjMtNDc0ZTk0MDQ2MzNi", uri="sip:sip.provider.example", response="5f0d3c1b8e2a4967b3c5d7e9f1a2b4c6", algorithm=MD5, cnonce="a3f9c1e7b5d24068", qop=auth, nc=00000001',
  "Max-Forwards: 70",
  "User-Agent: Asterisk PBX 20.5.2",
  "Content-Length:  0",
  "",
  "",
]);

const OK_THREE_BINDINGS = crlf([
  "SIP/2.0 200 OK",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;rport=5060;branch=z9hG4bKPj0e7b2f91-6a3c-4d8e-b5f0-1c2d3e4f5a6b;received=198.51.100.23",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>;tag=b27e1a1d33761e85846fc98f5f3a7e58.6b0d",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38618 REGISTER",
  'Contact: <sip:4420123456@192.0.2.10:5060;transport=udp;line=zlzvwkr>;expires=3600;received="sip:198.51.100.23:5060";+sip.instance="<urn:uuid:6f0e2d3c-1b4a-4c5d-8e9f-a0b1c2d3e4f5>";reg-id=1, <sip:4420123456@10.8.0.14:5062;ob>;expires=1800, <sip:4420123456@203.0.113.77:49152;transport=tcp>;expires=47;q=0.5',
  "Server: kamailio (5.6.3 (x86_64/linux))",
  "Content-Length: 0",
  "",
  "",
]);

const INTERVAL_TOO_BRIEF = crlf([
  "SIP/2.0 423 Interval Too Brief",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;received=198.51.100.23;rport=5060;branch=z9hG4bKPj2d4f6a8c-0e1b-4c3d-9e5f-7a8b9c0d1e2f",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>;tag=37GkEhwl6",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38619 REGISTER",
  "Min-Expires: 600",
  "Server: OpenSIPS (3.4.4 (x86_64/linux))",
  "Content-Length: 0",
  "",
  "",
]);

const FORBIDDEN = crlf([
  "SIP/2.0 403 Forbidden",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;rport=5060;received=198.51.100.23;branch=z9hG4bKPj9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>;tag=z9hG4bKPj9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  "CSeq: 38620 REGISTER",
  'Reason: SIP;cause=403;text="Authentication failed"',
  "Server: Asterisk PBX 18.20.0",
  "Allow: OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, INFO, MESSAGE, REFER",
  "Content-Length:  0",
  "",
  "",
]);

const UNAVAILABLE = crlf([
  "SIP/2.0 503 Service Unavailable",
  "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK8f3e.0b7a6c52e1d4f3a2b1c0d9e8f7a6b5c4.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;received=198.51.100.23;rport=5060;branch=z9hG4bKPj4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
  "From: <sip:4420123456@sip.provider.example>;tag=1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c",
  "To: <sip:4420123456@sip.provider.example>;tag=b27e1a1d33761e85846fc98f5f3a7e58.0a3e",
  "Call-ID: 8a9b0c1d-2e3f-4a5b-6c7d-8e9f0a1b2c3d",
  "CSeq: 38621 REGISTER",
  "Retry-After: 120",
  'Reason: SIP;cause=503;text="Registrar database unavailable"',
  "Server: kamailio (5.6.3 (x86_64/linux))",
  "Content-Length: 0",
  "",
  "",
]);

/** Compact header names (v, f, t, i, m, l) and LWS folding, as some SBCs and phones send them. */
const COMPACT_FOLDED = crlf([
  "SIP/2.0 401 Unauthorized",
  "v: SIP/2.0/TCP 10.20.30.40:50612;branch=z9hG4bK-524287-1---f0e1d2c3b4a59687;rport=50612;",
  " received=198.51.100.23",
  'f: "Alice Example" <sip:alice@example.org>;tag=4fa8c1e2',
  't: "Alice Example" <sip:alice@example.org>;tag=as3f2a7c1b',
  "i: 3848276298220188511@10.20.30.40",
  "CSeq: 2 REGISTER",
  'WWW-Authenticate: Digest realm="example.org",',
  '  nonce="6f0bbd5c33a2c5e1b7fb1c8bc0f5e7a2",',
  '  opaque="5ccc069c403ebaf9f0171e9517f40e41",',
  '\talgorithm=MD5, qop="auth"',
  "m: <sip:alice@10.20.30.40:50612;transport=tcp>;expires=300",
  "l: 0",
  "",
  "",
]);

export const messages: readonly BenchMessage[] = [
  { name: "REGISTER", text: REGISTER },
  { name: "401 challenge", text: UNAUTHORIZED },
  { name: "REGISTER+Authorization", text: REGISTER_AUTH },
  { name: "200 (3 bindings)", text: OK_THREE_BINDINGS },
  { name: "423 Min-Expires", text: INTERVAL_TOO_BRIEF },
  { name: "403", text: FORBIDDEN },
  { name: "503 Retry-After", text: UNAVAILABLE },
  { name: "compact+folded 401", text: COMPACT_FOLDED },
];
