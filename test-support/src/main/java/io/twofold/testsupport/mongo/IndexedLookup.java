package io.twofold.testsupport.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks the documents a query can only match through an index, as MongoDB's planner would: when
 * every field of an index is compared for equality with a plain value at the top level of the
 * query, only the documents under those values are candidates; the whole query is then matched
 * against each of them. mongo-java-server alone uses an index only when the query names exactly
 * its fields, so {@code {_id: x, state: "ISSUED"}} scanned the whole collection. A range on the
 * field of a sparse single-field index reads only the documents that have the field; {@code $in} of
 * plain values on the field of a unique single-field index reads the document under each value.
 */
public final class IndexedLookup {

  private static final Set<String> RANGE = Set.of("$lt", "$lte", "$gt", "$gte");

  private IndexedLookup() {}

  /** Candidate positions, or {@code null} when no index applies (the caller scans). */
  public static <P> Iterable<P> candidates(List<Index<P>> indexes, Document query) {
    Iterable<P> best = null;
    for (Index<P> index : indexes) {
      Document equalities = equalities(index, query);
      if (equalities != null && index.isUnique()) {
        return index.getPositions(equalities); // at most one document
      }
      List<Document> alternatives = index.isUnique() ? inValues(index, query) : null;
      if (alternatives != null) {
        Set<P> positions = new LinkedHashSet<>(); // at most one document per value, each once
        alternatives.forEach(values -> index.getPositions(values).forEach(positions::add));
        return positions;
      }
      if (best == null && index instanceof HashIndex<P> hash) {
        if (equalities != null) {
          best = hash.getPositions(equalities);
        } else if (hash.sparse() && rangeOnly(hash, query)) {
          best = hash.allPositions(); // a range never matches a missing field: only indexed documents can
        }
      }
    }
    return best;
  }

  /** A single-field index whose field the query compares with $lt/$lte/$gt/$gte and non-null values only. */
  private static boolean rangeOnly(Index<?> index, Document query) {
    if (index.getKeys().size() != 1 || !(query.get(index.getKeys().get(0).getKey()) instanceof Document range)
        || range.isEmpty()) {
      return false;
    }
    return range.entrySet().stream().allMatch(condition -> RANGE.contains(condition.getKey())
        && condition.getValue() != null);
  }

  /** {@code {field: {$in: [plain values]}}} on a single-field index: one equality per value; otherwise null. */
  private static List<Document> inValues(Index<?> index, Document query) {
    if (index.getKeys().size() != 1) {
      return null;
    }
    String field = index.getKeys().get(0).getKey();
    if (!(query.get(field) instanceof Document condition) || condition.size() != 1
        || !(condition.get("$in") instanceof Collection<?> values) || !values.stream().allMatch(IndexedLookup::plain)) {
      return null;
    }
    return values.stream().map(value -> new Document(field, value)).toList();
  }

  /** The query's plain equality on every field of the index, or null if it has none on one of them. */
  private static Document equalities(Index<?> index, Document query) {
    Document equalities = new Document();
    for (var key : index.getKeys()) {
      Object value = query.get(key.getKey());
      if (!plain(value)) {
        return null;
      }
      equalities.put(key.getKey(), value);
    }
    return equalities;
  }

  /** A value compared by equality with no array semantics of its own: no operator, array, null or regex. */
  private static boolean plain(Object value) {
    return value != null && !(value instanceof Document) && !(value instanceof Collection<?>)
        && !(value instanceof Pattern) && !value.getClass().getName().endsWith("BsonRegularExpression");
  }
}
