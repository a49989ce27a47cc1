package io.twofold.testsupport.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A non-unique index for mongo-java-server, which ignores every index that is not unique (each
 * query on such a field is a scan of the whole collection). Equality lookups only: that is what
 * the services' {@code @Indexed} fields are queried with. Entries are kept per document id, so a
 * document is found again when it is updated or removed.
 */
public final class HashIndex<P> extends Index<P> {

  private final Map<KeyValue, Map<Object, P>> entries = new HashMap<>();
  private long count;

  public HashIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
  }

  @Override
  public P getPosition(Document document) {
    return null; // not unique: the _id index names a document's position
  }

  @Override
  public void checkAdd(Document document, MongoCollection<P> collection) {
    // never a constraint
  }

  /** Every indexed position; for a sparse index, exactly the documents that have the field. */
  synchronized List<P> allPositions() {
    List<P> all = new ArrayList<>();
    entries.values().forEach(ids -> all.addAll(ids.values()));
    return all;
  }

  boolean sparse() {
    return isSparse();
  }

  @Override
  public synchronized void add(Document document, P position, MongoCollection<P> collection) {
    if (isSparse() && keys().stream().noneMatch(key -> key.contains(".") || document.containsKey(key))) {
      return; // a sparse index leaves out documents without the field, as MongoDB's does
    }
    for (KeyValue value : getKeyValues(document)) {
      if (entries.computeIfAbsent(value.normalized(), v -> new LinkedHashMap<>()).put(id(document), position) == null) {
        count++;
      }
    }
  }

  @Override
  public synchronized P remove(Document document) {
    P position = null;
    for (KeyValue value : getKeyValues(document)) {
      Map<Object, P> ids = entries.get(value.normalized());
      P removed = ids == null ? null : ids.remove(id(document));
      if (removed != null) {
        count--;
        position = removed;
        if (ids.isEmpty()) {
          entries.remove(value.normalized());
        }
      }
    }
    return position;
  }

  @Override
  public boolean canHandle(Document query) {
    return false; // lookups go through IndexedLookup, which can also use part of a query
  }

  /** Positions of the documents whose indexed fields equal the query's values for them. */
  @Override
  public synchronized List<P> getPositions(Document query) {
    Map<Object, P> found = entries.get(new KeyValue(keys().stream().map(query::get).toList()).normalized());
    return found == null ? List.of() : new ArrayList<>(found.values());
  }

  @Override
  public synchronized long getCount() {
    return count;
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
    // never a constraint
  }

  @Override
  public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
      MongoCollection<P> collection) {
    if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
      remove(oldDocument);
      add(newDocument, position, collection);
    }
  }

  @Override
  public synchronized void drop() {
    entries.clear();
    count = 0;
  }

  private static Object id(Document document) {
    return document.get("_id");
  }
}
