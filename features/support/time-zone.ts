/**
 * reg_list prints its times in the process's time zone, as OpenSIPS does (D21); the suite runs in
 * UTC so that the texts its scenarios expect hold on any machine.
 */
process.env.TZ = "UTC";
