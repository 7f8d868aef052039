#!/bin/sh
# The database servers the SQL store and `uacreg run` interop tests use, set up as on every
# machine of this project: PostgreSQL on 127.0.0.1:5432 with trust authentication and a
# database `test`; MariaDB on 127.0.0.1:3306 with root and no password and a database `test`.
# Idempotent: a server already installed is left as it is (only started if it is down).
# Run as root (peers-install.sh calls it).
set -eu
export DEBIAN_FRONTEND=noninteractive
if ! ls /etc/postgresql/*/main/pg_hba.conf >/dev/null 2>&1; then
  apt-get update
  apt-get install -y postgresql
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n 1)
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main restart || true
  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres test
  echo "peers: postgresql installed, database test on 127.0.0.1:5432 (trust)"
else
  echo "peers: postgresql already installed"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start 2>/dev/null || true
fi
if [ ! -x /usr/sbin/mariadbd ]; then
  apt-get update
  apt-get install -y mariadb-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in 1 2 3 4 5 6 7 8 9 10; do mysql -u root -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
  mysql -u root -e "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD(''); CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION; CREATE DATABASE IF NOT EXISTS test;"
  echo "peers: mariadb installed, database test on 127.0.0.1:3306 (root, no password)"
else
  echo "peers: mariadb already installed"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
fi
