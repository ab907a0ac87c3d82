import type { ChainedAuditEntry } from '../../../shared/contract/audit.js';

/**
 * An audit row as one RFC 5424 syslog message, framed by octet counting (RFC 6587 §3.4.1) for TCP.
 * Facility 13 ("log audit", RFC 5424 §6.2.1) at severity 6 (informational): PRI 13 * 8 + 6 = 110.
 * TCP gives no acknowledgement, so a row may arrive twice after a reconnect: its chain hash is in
 * the structured data, the receiver's key for dropping duplicates (a MSGID holds only 32 characters).
 * 32473 is the enterprise number RFC 5612 reserves for examples; SD-IDs with "@" are free to name.
 */
const PRI = 13 * 8 + 6;
const APP_NAME = 'watchfloor';
const MSGID = 'audit';
const SD_ID = 'watchfloor-audit@32473';
/** RFC 5424 §6.2.4: printable US-ASCII, at most 255 characters, or the nil value. */
function hostnameField(hostname: string): string {
  const printable = hostname.replace(/[^\x21-\x7e]/g, '').slice(0, 255);
  return printable === '' ? '-' : printable;
}

export function syslogMessage(row: ChainedAuditEntry, hostname: string): string {
  const timestamp = new Date(row.at).toISOString();
  // Digits and hex only: nothing in these values needs RFC 5424's escaping.
  const structured = `[${SD_ID} id="${row.id}" hash="${row.hash}" prevHash="${row.prevHash ?? ''}"]`;
  // The BOM marks the MSG as UTF-8 (RFC 5424 §6.4); the row itself is JSON, as `audit.export` gives it.
  return `<${PRI}>1 ${timestamp} ${hostnameField(hostname)} ${APP_NAME} - ${MSGID} ${structured} \uFEFF${JSON.stringify(row)}`;
}

/** "MSG-LEN SP SYSLOG-MSG", MSG-LEN counting the message's octets in UTF-8, not its characters. */
export function octetCountedFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
