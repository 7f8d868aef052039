/**
 * The registrant table's name and column names: OpenSIPS's `table_name` and eleven `*_column`
 * parameters (spec §1.1, §13), with OpenSIPS's defaults. Every driver builds its SQL from these,
 * so an OpenSIPS table with renamed columns works as is.
 */
export interface TableNames {
  readonly table_name: string;
  readonly registrar_column: string;
  readonly proxy_column: string;
  readonly aor_column: string;
  readonly third_party_registrant_column: string;
  readonly username_column: string;
  readonly password_column: string;
  readonly binding_URI_column: string;
  readonly binding_params_column: string;
  readonly expiry_column: string;
  readonly forced_socket_column: string;
  readonly cluster_shtag_column: string;
  readonly state_column: string;
}

export const DEFAULT_TABLE_NAMES: TableNames = {
  table_name: "registrant",
  registrar_column: "registrar",
  proxy_column: "proxy",
  aor_column: "aor",
  third_party_registrant_column: "third_party_registrant",
  username_column: "username",
  password_column: "password",
  binding_URI_column: "binding_URI",
  binding_params_column: "binding_params",
  expiry_column: "expiry",
  forced_socket_column: "forced_socket",
  cluster_shtag_column: "cluster_shtag",
  state_column: "state",
};

/** The parameter names, in the order of the table's columns (spec §13). */
export const TABLE_NAME_PARAMS = Object.keys(DEFAULT_TABLE_NAMES) as ReadonlyArray<keyof TableNames>;

/** Our RegistrantRow field of each column parameter (the `binding_URI` column is `contact`). */
export const COLUMN_FIELDS = {
  registrar_column: "registrar",
  proxy_column: "proxy",
  aor_column: "aor",
  third_party_registrant_column: "third_party_registrant",
  username_column: "username",
  password_column: "password",
  binding_URI_column: "contact",
  binding_params_column: "binding_params",
  expiry_column: "expiry",
  forced_socket_column: "forced_socket",
  cluster_shtag_column: "cluster_shtag",
  state_column: "state",
} as const;

export type ColumnParam = keyof typeof COLUMN_FIELDS;

/** Identifiers become part of SQL text: only plain names are allowed, so quoting is never in question. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
