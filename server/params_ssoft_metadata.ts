/**
 * The parameters of `ssoft` (the Solar System Object Fink Table) and
 * `metadata` (users' annotations), with Fink's names (see params.ts).
 *
 * @module
 */
import { outputFormat, type Param } from "./param_types.ts";

/** `ssoft`: Fink's parameters (finkit computes the table, see query/api/ssoft.ts). */
export const SSOFT_PARAMS: readonly Param[] = [
  {
    name: "sso_name",
    type: "string",
    description: "If specified, retrieve only the SSO with that official name or provisional " +
      "designation from IAU.",
    example: "Benoitcarry",
  },
  {
    name: "sso_number",
    type: "integer",
    description: "If specified, retrieve only the SSO with that official number from IAU.",
    example: 33803,
  },
  {
    name: "schema",
    type: "boolean",
    description: "If True, return the schema of the table in json format.",
    example: false,
  },
  {
    name: "flavor",
    type: "string",
    description: "Data model among SHG1G2 (default), HG1G2, HG (finkit does not compute SOCCA).",
    example: "SHG1G2",
    enum: ["SHG1G2", "HG1G2", "HG"],
  },
  {
    name: "version",
    type: "string",
    description: "Version of the SSOFT YYYY.MM. By default it uses the latest one. " +
      "Starts at 2023.07",
    example: "2025.06",
  },
  {
    ...outputFormat("parquet"),
    description: "Output format among json, csv, parquet[default], votable " +
      "(json by default with sso_name or sso_number).",
  },
];

/** `metadata`: GET reads with one key, POST writes (`"POST"`: required for POST). */
export const METADATA_PARAMS: readonly Param[] = [
  {
    name: "objectId",
    type: "string",
    required: "POST",
    description: "GET: a ZTF object ID (a prefix), or `all` for every annotated object. " +
      "POST: the ZTF object ID to annotate.",
    example: "ZTF23aaaatwl",
  },
  {
    name: "internal_name",
    type: "string",
    required: "POST",
    description: "GET: the object(s) with this internal name. POST: the internal name to give.",
    example: "Fink J042203.10+362318.7",
  },
  {
    name: "internal_name_encoded",
    type: "string",
    description: "GET only: the object(s) with this internal name written without spaces.",
    example: "FinkJ042203.10+362318.7",
  },
  {
    name: "username",
    type: "string",
    required: "POST",
    description: "POST only: the username of the submitter.",
    example: "pruzhinskaya",
  },
  {
    name: "comments",
    type: "string",
    description: "POST only: any relevant comments for the object.",
    example: "Candidate to red dwarf flare",
  },
];
