/**
 * C `ctime()` text without its trailing newline (spec §9.2, D21): `Thu Jan  1 00:00:00 1970`,
 * in the process's time zone, as OpenSIPS prints `last_register_sent` and `registration_t_out`.
 */
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** `unixSec` as C's `ctime()` prints it, in the process's time zone, without the newline. */
export function formatCtime(unixSec: number): string {
  const at = new Date(unixSec * 1000);
  const two = (n: number): string => String(n).padStart(2, "0");
  const day = String(at.getDate()).padStart(2, " ");
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `${DAYS[at.getDay()]} ${MONTHS[at.getMonth()]} ${day} ${time} ${at.getFullYear()}`;
}
