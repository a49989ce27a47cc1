package io.twofold.platform.outbox;

import org.bson.Document;

/**
 * How the relay tells whether the change an outbox entry follows was stored. An entry is written
 * before its change (MongoDB offers no transaction across documents here), so an entry whose change
 * never happened — the process died in between, or the change was refused — must not be published.
 */
public sealed interface Proof {

  /**
   * The change marks a document with the event id (its {@value Outbox#MARKS} array holds it): the
   * service adds the mark in the same single-document write as the change.
   */
  record Marked(String collection, String documentId) implements Proof {}

  /** The change removed what {@code filter} matches, so no document matching it is left. */
  record Gone(String collection, Document filter) implements Proof {}

  /** The entry is written after its change: nothing to prove (a crash in between loses the event). */
  record Done() implements Proof {}
}
