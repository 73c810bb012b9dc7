// The roster of an agreement between many organisations (issue 18): the answers file's `parties:`
// and `flows:` sections. A file with neither is the usual one-discloser, one-recipient share, read as
// a roster of two (see `rosterOf` in roster.ts, built by the parties work).
//
// This file is the contract between the work on deciding and drafting (src/parties/**) and the work
// on signing by many (src/sign/**, `status`, `join`, `leave`): change it only by agreement.

/** The key of the sections in an answers file. */
export const PARTIES_KEY = 'parties';
export const FLOWS_KEY = 'flows';
export const AGREEMENT_KEY = 'agreement';

/** A role a party's signatory holds; each party's required roles must sign before an agreement is complete. */
export type SigningRole = 'siro' | 'caldicott_guardian' | 'dpo' | 'ig_lead';

export interface Contact { name?: string; email?: string; phone?: string }

export interface Party {
  /** Short id used in flows and file names: lower case letters, digits and hyphens. */
  id: string;
  name: string;
  /** ODS code where the organisation has one. */
  ods?: string;
  /** The organisation type, from the vocabulary of `discloser.type` / `recipient.type`. */
  type: string;
  role: 'controller' | 'joint_controller' | 'processor';
  /** DSPT status, from the vocabulary of `recipient.dspt`. */
  dspt?: string;
  /** For an independent provider: whether the care it gives is publicly funded (`discloser.publicly_funded_care`). */
  publicly_funded_care?: boolean;
  contacts?: Partial<Record<SigningRole, Contact>>;
  /**
   * The roles that must sign for this party. Default: a controller or joint controller signs as
   * siro, caldicott_guardian (health and care bodies) and dpo; a processor as siro.
   */
  signs_as?: SigningRole[];
  /** Set when the party has left: the date (YYYY-MM-DD) and the reason, recorded by `igcheck leave`. */
  left?: { date: string; reason?: string };
}

export interface Flow {
  id: string;
  /** The disclosing party's id. */
  from: string;
  /** The receiving party ids ('*' for every other party, as in a shared care record). */
  to: string[];
  /**
   * Answers for this flow over the file's shared answers: written in the nested answers vocabulary
   * (purpose, data, sharing, ...); after parseAnswers, the checked facts by dotted id (`sharing.frequency`).
   */
  answers?: Record<string, unknown>;
}

/** Where the agreement sits: an overarching agreement, or a schedule under one. */
export interface AgreementInfo {
  kind: 'single' | 'overarching' | 'schedule';
  version?: string;
  /** For a schedule: the overarching agreement's manifest digest (sha256:hex) and title. */
  overarching?: { digest: string; title?: string };
  /**
   * Joint controllers' Art 26 arrangement (added by the parties work; optional): the party that
   * answers rights requests and the one that gives privacy information ('each' when every party
   * does so for its own records), and the contact point for the people whose data is shared.
   */
  joint?: { rights_requests?: string; privacy_information?: string; contact_point?: string };
}

export interface Roster {
  parties: Party[];
  flows: Flow[];
  agreement: AgreementInfo;
}
