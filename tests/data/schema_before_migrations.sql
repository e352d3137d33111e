-- The schema a seeds database had before migrations were recorded (commit 7fe2244):
-- sqlite3 quotes.db .schema, for tests/test_migrations.py.
CREATE TABLE IF NOT EXISTS "articles" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT,
   "title" TEXT,
   "text" TEXT,
   "body_start" INTEGER,
   "body_end" INTEGER,
   "url" TEXT,
   "outlet" TEXT,
   "published" TEXT,
   "author" TEXT,
   "path" TEXT,
   "ingested_at" TEXT,
   "pipeline_version" TEXT
);
CREATE TABLE IF NOT EXISTS "article_paths" (
   "id" TEXT PRIMARY KEY,
   "article_id" TEXT REFERENCES "articles"("id"),
   "name" TEXT,
   "path" TEXT,
   "encoding" TEXT,
   "ingested_at" TEXT
);
CREATE TABLE IF NOT EXISTS "disclosures" (
   "id" TEXT PRIMARY KEY,
   "article_id" TEXT REFERENCES "articles"("id"),
   "group_text" TEXT,
   "group_start" INTEGER,
   "group_end" INTEGER,
   "count" INTEGER,
   "affiliation" TEXT,
   "reason" TEXT,
   "reason_start" INTEGER,
   "reason_end" INTEGER,
   "sentence" TEXT,
   "sentence_start" INTEGER,
   "sentence_end" INTEGER
);
CREATE TABLE IF NOT EXISTS "people" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT,
   "kind" TEXT,
   "aliases" TEXT,
   "articles" INTEGER,
   "outlets" INTEGER,
   "attributions" INTEGER,
   "direct" INTEGER,
   "indirect" INTEGER,
   "mixed" INTEGER,
   "named_mentions" INTEGER,
   "described_mentions" INTEGER,
   "non_responses" INTEGER,
   "first_published" TEXT,
   "last_published" TEXT
);
CREATE TABLE IF NOT EXISTS "sources" (
   "id" TEXT PRIMARY KEY,
   "article_id" TEXT REFERENCES "articles"("id"),
   "name" TEXT,
   "source_type" TEXT,
   "source_count" INTEGER,
   "affiliation" TEXT,
   "role" TEXT,
   "named" INTEGER,
   "anonymous" INTEGER,
   "attributions" INTEGER,
   "non_responses" INTEGER,
   "first_start" INTEGER,
   "first_end" INTEGER,
   "anonymity_reason" TEXT,
   "reason_stated" INTEGER,
   "disclosure_id" TEXT REFERENCES "disclosures"("id"),
   "person_id" TEXT REFERENCES "people"("id")
);
CREATE TABLE IF NOT EXISTS "attributions" (
   "id" TEXT PRIMARY KEY,
   "article_id" TEXT REFERENCES "articles"("id"),
   "source_id" TEXT REFERENCES "sources"("id"),
   "position" INTEGER,
   "kind" TEXT,
   "content" TEXT,
   "content_start" INTEGER,
   "content_end" INTEGER,
   "content_pieces" TEXT,
   "cue" TEXT,
   "cue_start" INTEGER,
   "cue_end" INTEGER,
   "speaker" TEXT,
   "speaker_start" INTEGER,
   "speaker_end" INTEGER,
   "speaker_name" TEXT,
   "source_type" TEXT,
   "source_count" INTEGER,
   "affiliation" TEXT,
   "role" TEXT,
   "outlet" TEXT,
   "anonymous" INTEGER,
   "reason_stated" INTEGER
);
CREATE TABLE IF NOT EXISTS "non_responses" (
   "id" TEXT PRIMARY KEY,
   "article_id" TEXT REFERENCES "articles"("id"),
   "source_id" TEXT REFERENCES "sources"("id"),
   "speaker" TEXT,
   "speaker_start" INTEGER,
   "speaker_end" INTEGER,
   "speaker_name" TEXT,
   "source_type" TEXT,
   "cue" TEXT,
   "cue_start" INTEGER,
   "cue_end" INTEGER
);
CREATE TABLE IF NOT EXISTS "quote_clusters" (
   "id" TEXT PRIMARY KEY,
   "text" TEXT,
   "normalized" TEXT,
   "attributions" INTEGER,
   "articles" INTEGER,
   "outlets" INTEGER,
   "outlet_names" TEXT,
   "speakers" TEXT,
   "first_published" TEXT,
   "first_article_id" TEXT REFERENCES "articles"("id"),
   "first_outlet" TEXT,
   "first_speaker" TEXT
);
CREATE TABLE IF NOT EXISTS "quote_cluster_members" (
   "id" TEXT PRIMARY KEY,
   "cluster_id" TEXT REFERENCES "quote_clusters"("id"),
   "attribution_id" TEXT REFERENCES "attributions"("id"),
   "article_id" TEXT REFERENCES "articles"("id"),
   "outlet" TEXT,
   "published" TEXT,
   "speaker_name" TEXT,
   "content" TEXT,
   "similarity" REAL
);
CREATE TABLE IF NOT EXISTS "article_counts" (
   "article_id" TEXT PRIMARY KEY,
   "name" TEXT,
   "path" TEXT,
   "title" TEXT,
   "outlet" TEXT,
   "published" TEXT,
   "attributions" INTEGER NOT NULL DEFAULT 0,
   "sources" INTEGER NOT NULL DEFAULT 0,
   "anonymous_attributions" INTEGER NOT NULL DEFAULT 0,
   "unresolved_attributions" INTEGER NOT NULL DEFAULT 0,
   "named_people" INTEGER NOT NULL DEFAULT 0,
   "named_organizations" INTEGER NOT NULL DEFAULT 0,
   "documents" INTEGER NOT NULL DEFAULT 0,
   "anonymous_sources_with_reason" INTEGER NOT NULL DEFAULT 0,
   "anonymous_sources_without_reason" INTEGER NOT NULL DEFAULT 0,
   "non_responses" INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS "speaker_counts" (
   "speaker_name" TEXT,
   "source_type" TEXT,
   "attributions" INTEGER NOT NULL DEFAULT 0,
   "articles" INTEGER NOT NULL DEFAULT 0,
   PRIMARY KEY ("speaker_name", "source_type")
);
CREATE TABLE IF NOT EXISTS "facet_counts" (
   "facet" TEXT,
   "value" TEXT,
   "count" INTEGER NOT NULL DEFAULT 0,
   PRIMARY KEY ("facet", "value")
);
CREATE TABLE IF NOT EXISTS "outlet_type_counts" (
   "outlet" TEXT,
   "source_type" TEXT,
   "attributions" INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER [attributions_counts_insert] after insert on [attributions]
begin
  insert into article_counts (article_id) select new.article_id where 1 on conflict do nothing;
  update article_counts set attributions = attributions + (1), anonymous_attributions = anonymous_attributions + (new.anonymous is 1), unresolved_attributions = unresolved_attributions + (new.source_type is 'unresolved') where article_id = new.article_id and 1;
  insert into speaker_counts (speaker_name, source_type) select new.speaker_name, new.source_type where new.speaker_name is not null on conflict do nothing;
  update speaker_counts set attributions = attributions + 1, articles = articles + (not exists (select 1 from attributions t where t.article_id = new.article_id and +t.speaker_name = new.speaker_name and +t.source_type = new.source_type and t.rowid != new.rowid)) where speaker_name = new.speaker_name and source_type = new.source_type;
  insert into outlet_type_counts (outlet, source_type) select new.outlet, new.source_type where not exists (select 1 from outlet_type_counts where outlet is new.outlet and source_type is new.source_type);
  update outlet_type_counts set attributions = attributions + 1 where outlet is new.outlet and source_type is new.source_type;
  insert into facet_counts (facet, value) select 'attributions.source_type', new.source_type where new.source_type is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.source_type' and value = new.source_type;
  insert into facet_counts (facet, value) select 'attributions.kind', new.kind where new.kind is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.kind' and value = new.kind;
  insert into facet_counts (facet, value) select 'attributions.cue', new.cue where new.cue is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.cue' and value = new.cue;
  insert into facet_counts (facet, value) select 'attributions.outlet', new.outlet where new.outlet is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.outlet' and value = new.outlet;
  insert into facet_counts (facet, value) select 'attributions.speaker_name', new.speaker_name where new.speaker_name is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.speaker_name' and value = new.speaker_name;
end;
CREATE TRIGGER [attributions_counts_delete] after delete on [attributions]
begin
  update article_counts set attributions = attributions - (1), anonymous_attributions = anonymous_attributions - (old.anonymous is 1), unresolved_attributions = unresolved_attributions - (old.source_type is 'unresolved') where article_id = old.article_id and 1;
  update speaker_counts set attributions = attributions - 1, articles = articles - (not exists (select 1 from attributions t where t.article_id = old.article_id and +t.speaker_name = old.speaker_name and +t.source_type = old.source_type and t.rowid != old.rowid)) where speaker_name = old.speaker_name and source_type = old.source_type;
  delete from speaker_counts where speaker_name = old.speaker_name and source_type = old.source_type and attributions <= 0;
  update outlet_type_counts set attributions = attributions - 1 where outlet is old.outlet and source_type is old.source_type;
  delete from outlet_type_counts where outlet is old.outlet and source_type is old.source_type and attributions <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.source_type' and value = old.source_type;
  delete from facet_counts where facet = 'attributions.source_type' and value = old.source_type and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.kind' and value = old.kind;
  delete from facet_counts where facet = 'attributions.kind' and value = old.kind and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.cue' and value = old.cue;
  delete from facet_counts where facet = 'attributions.cue' and value = old.cue and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.outlet' and value = old.outlet;
  delete from facet_counts where facet = 'attributions.outlet' and value = old.outlet and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.speaker_name' and value = old.speaker_name;
  delete from facet_counts where facet = 'attributions.speaker_name' and value = old.speaker_name and count <= 0;
end;
CREATE TRIGGER [attributions_counts_update] after update on [attributions]
begin
  update article_counts set attributions = attributions - (1), anonymous_attributions = anonymous_attributions - (old.anonymous is 1), unresolved_attributions = unresolved_attributions - (old.source_type is 'unresolved') where article_id = old.article_id and 1;
  update speaker_counts set attributions = attributions - 1, articles = articles - (not exists (select 1 from attributions t where t.article_id = old.article_id and +t.speaker_name = old.speaker_name and +t.source_type = old.source_type and t.rowid != old.rowid)) where speaker_name = old.speaker_name and source_type = old.source_type;
  delete from speaker_counts where speaker_name = old.speaker_name and source_type = old.source_type and attributions <= 0;
  update outlet_type_counts set attributions = attributions - 1 where outlet is old.outlet and source_type is old.source_type;
  delete from outlet_type_counts where outlet is old.outlet and source_type is old.source_type and attributions <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.source_type' and value = old.source_type;
  delete from facet_counts where facet = 'attributions.source_type' and value = old.source_type and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.kind' and value = old.kind;
  delete from facet_counts where facet = 'attributions.kind' and value = old.kind and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.cue' and value = old.cue;
  delete from facet_counts where facet = 'attributions.cue' and value = old.cue and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.outlet' and value = old.outlet;
  delete from facet_counts where facet = 'attributions.outlet' and value = old.outlet and count <= 0;
  update facet_counts set count = count - 1 where facet = 'attributions.speaker_name' and value = old.speaker_name;
  delete from facet_counts where facet = 'attributions.speaker_name' and value = old.speaker_name and count <= 0;
  insert into article_counts (article_id) select new.article_id where 1 on conflict do nothing;
  update article_counts set attributions = attributions + (1), anonymous_attributions = anonymous_attributions + (new.anonymous is 1), unresolved_attributions = unresolved_attributions + (new.source_type is 'unresolved') where article_id = new.article_id and 1;
  insert into speaker_counts (speaker_name, source_type) select new.speaker_name, new.source_type where new.speaker_name is not null on conflict do nothing;
  update speaker_counts set attributions = attributions + 1, articles = articles + (not exists (select 1 from attributions t where t.article_id = new.article_id and +t.speaker_name = new.speaker_name and +t.source_type = new.source_type and t.rowid != new.rowid)) where speaker_name = new.speaker_name and source_type = new.source_type;
  insert into outlet_type_counts (outlet, source_type) select new.outlet, new.source_type where not exists (select 1 from outlet_type_counts where outlet is new.outlet and source_type is new.source_type);
  update outlet_type_counts set attributions = attributions + 1 where outlet is new.outlet and source_type is new.source_type;
  insert into facet_counts (facet, value) select 'attributions.source_type', new.source_type where new.source_type is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.source_type' and value = new.source_type;
  insert into facet_counts (facet, value) select 'attributions.kind', new.kind where new.kind is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.kind' and value = new.kind;
  insert into facet_counts (facet, value) select 'attributions.cue', new.cue where new.cue is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.cue' and value = new.cue;
  insert into facet_counts (facet, value) select 'attributions.outlet', new.outlet where new.outlet is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.outlet' and value = new.outlet;
  insert into facet_counts (facet, value) select 'attributions.speaker_name', new.speaker_name where new.speaker_name is not null on conflict do nothing;
  update facet_counts set count = count + 1 where facet = 'attributions.speaker_name' and value = new.speaker_name;
end;
CREATE TRIGGER [sources_counts_insert] after insert on [sources]
begin
  insert into article_counts (article_id) select new.article_id where new.attributions > 0 on conflict do nothing;
  update article_counts set sources = sources + (1), named_people = named_people + (new.source_type is 'named_person'), named_organizations = named_organizations + (new.source_type is 'named_organization'), documents = documents + (new.source_type is 'document'), anonymous_sources_with_reason = anonymous_sources_with_reason + (new.anonymous is 1 and new.reason_stated is 1), anonymous_sources_without_reason = anonymous_sources_without_reason + (new.anonymous is 1 and new.reason_stated is 0) where article_id = new.article_id and new.attributions > 0;
end;
CREATE TRIGGER [sources_counts_delete] after delete on [sources]
begin
  update article_counts set sources = sources - (1), named_people = named_people - (old.source_type is 'named_person'), named_organizations = named_organizations - (old.source_type is 'named_organization'), documents = documents - (old.source_type is 'document'), anonymous_sources_with_reason = anonymous_sources_with_reason - (old.anonymous is 1 and old.reason_stated is 1), anonymous_sources_without_reason = anonymous_sources_without_reason - (old.anonymous is 1 and old.reason_stated is 0) where article_id = old.article_id and old.attributions > 0;
end;
CREATE TRIGGER [sources_counts_update] after update on [sources]
begin
  update article_counts set sources = sources - (1), named_people = named_people - (old.source_type is 'named_person'), named_organizations = named_organizations - (old.source_type is 'named_organization'), documents = documents - (old.source_type is 'document'), anonymous_sources_with_reason = anonymous_sources_with_reason - (old.anonymous is 1 and old.reason_stated is 1), anonymous_sources_without_reason = anonymous_sources_without_reason - (old.anonymous is 1 and old.reason_stated is 0) where article_id = old.article_id and old.attributions > 0;
  insert into article_counts (article_id) select new.article_id where new.attributions > 0 on conflict do nothing;
  update article_counts set sources = sources + (1), named_people = named_people + (new.source_type is 'named_person'), named_organizations = named_organizations + (new.source_type is 'named_organization'), documents = documents + (new.source_type is 'document'), anonymous_sources_with_reason = anonymous_sources_with_reason + (new.anonymous is 1 and new.reason_stated is 1), anonymous_sources_without_reason = anonymous_sources_without_reason + (new.anonymous is 1 and new.reason_stated is 0) where article_id = new.article_id and new.attributions > 0;
end;
CREATE TRIGGER [non_responses_counts_insert] after insert on [non_responses]
begin
  insert into article_counts (article_id) select new.article_id where 1 on conflict do nothing;
  update article_counts set non_responses = non_responses + (1) where article_id = new.article_id and 1;
end;
CREATE TRIGGER [non_responses_counts_delete] after delete on [non_responses]
begin
  update article_counts set non_responses = non_responses - (1) where article_id = old.article_id and 1;
end;
CREATE TRIGGER [non_responses_counts_update] after update on [non_responses]
begin
  update article_counts set non_responses = non_responses - (1) where article_id = old.article_id and 1;
  insert into article_counts (article_id) select new.article_id where 1 on conflict do nothing;
  update article_counts set non_responses = non_responses + (1) where article_id = new.article_id and 1;
end;
CREATE TRIGGER [articles_counts_insert] after insert on [articles]
begin
  insert into article_counts (article_id, name, path, title, outlet, published) values (new.id, new.name, new.path, new.title, new.outlet, new.published) on conflict (article_id) do update set name = excluded.name, path = excluded.path, title = excluded.title, outlet = excluded.outlet, published = excluded.published;
end;
CREATE TRIGGER [articles_counts_update] after update on [articles]
begin
  update article_counts set article_id = new.id, name = new.name, path = new.path, title = new.title, outlet = new.outlet, published = new.published where article_id = old.id;
end;
CREATE TRIGGER [articles_counts_delete] after delete on [articles]
begin
  delete from article_counts where article_id = old.id;
end;
CREATE INDEX "idx_article_paths_article_id"
    ON "article_paths" ("article_id");
CREATE INDEX "idx_disclosures_article_id"
    ON "disclosures" ("article_id");
CREATE INDEX "idx_sources_person_id"
    ON "sources" ("person_id");
CREATE INDEX "idx_sources_disclosure_id"
    ON "sources" ("disclosure_id");
CREATE INDEX "idx_sources_article_id"
    ON "sources" ("article_id");
CREATE INDEX "idx_attributions_source_id"
    ON "attributions" ("source_id");
CREATE INDEX "idx_attributions_article_id"
    ON "attributions" ("article_id");
CREATE INDEX "idx_non_responses_source_id"
    ON "non_responses" ("source_id");
CREATE INDEX "idx_non_responses_article_id"
    ON "non_responses" ("article_id");
CREATE INDEX "idx_quote_clusters_first_article_id"
    ON "quote_clusters" ("first_article_id");
CREATE INDEX "idx_quote_cluster_members_article_id"
    ON "quote_cluster_members" ("article_id");
CREATE INDEX "idx_quote_cluster_members_attribution_id"
    ON "quote_cluster_members" ("attribution_id");
CREATE INDEX "idx_quote_cluster_members_cluster_id"
    ON "quote_cluster_members" ("cluster_id");
CREATE INDEX "idx_articles_name"
    ON "articles" ("name");
CREATE INDEX "idx_articles_outlet"
    ON "articles" ("outlet");
CREATE INDEX "idx_articles_published"
    ON "articles" ("published");
CREATE INDEX "idx_article_paths_name"
    ON "article_paths" ("name");
CREATE INDEX "idx_attributions_speaker_name"
    ON "attributions" ("speaker_name");
CREATE INDEX "idx_attributions_outlet_id"
    ON "attributions" ("outlet", "id");
CREATE INDEX "idx_attributions_outlet_source_type"
    ON "attributions" ("outlet", "source_type");
CREATE INDEX "idx_attributions_outlet_kind"
    ON "attributions" ("outlet", "kind");
CREATE INDEX "idx_attributions_outlet_cue"
    ON "attributions" ("outlet", "cue");
CREATE INDEX "idx_attributions_outlet_speaker_name"
    ON "attributions" ("outlet", "speaker_name");
CREATE INDEX "idx_attributions_source_type_id"
    ON "attributions" ("source_type", "id");
CREATE INDEX "idx_attributions_source_type_kind"
    ON "attributions" ("source_type", "kind");
CREATE INDEX "idx_attributions_source_type_cue"
    ON "attributions" ("source_type", "cue");
CREATE INDEX "idx_attributions_source_type_outlet"
    ON "attributions" ("source_type", "outlet");
CREATE INDEX "idx_attributions_source_type_speaker_name"
    ON "attributions" ("source_type", "speaker_name");
CREATE INDEX "idx_attributions_kind_id"
    ON "attributions" ("kind", "id");
CREATE INDEX "idx_attributions_kind_source_type"
    ON "attributions" ("kind", "source_type");
CREATE INDEX "idx_attributions_kind_cue"
    ON "attributions" ("kind", "cue");
CREATE INDEX "idx_attributions_kind_outlet"
    ON "attributions" ("kind", "outlet");
CREATE INDEX "idx_attributions_kind_speaker_name"
    ON "attributions" ("kind", "speaker_name");
CREATE INDEX "idx_attributions_cue_id"
    ON "attributions" ("cue", "id");
CREATE INDEX "idx_attributions_cue_source_type"
    ON "attributions" ("cue", "source_type");
CREATE INDEX "idx_attributions_cue_kind"
    ON "attributions" ("cue", "kind");
CREATE INDEX "idx_attributions_cue_outlet"
    ON "attributions" ("cue", "outlet");
CREATE INDEX "idx_attributions_cue_speaker_name"
    ON "attributions" ("cue", "speaker_name");
CREATE INDEX "idx_sources_attributions"
    ON "sources" ("attributions");
CREATE INDEX "idx_sources_source_type_attributions"
    ON "sources" ("source_type", "attributions");
CREATE INDEX "idx_sources_anonymous_attributions"
    ON "sources" ("anonymous", "attributions");
CREATE INDEX "idx_sources_reason_stated_attributions"
    ON "sources" ("reason_stated", "attributions");
CREATE INDEX "idx_sources_source_type_anonymous_reason_stated"
    ON "sources" ("source_type", "anonymous", "reason_stated");
CREATE INDEX "idx_sources_anonymous_source_type_reason_stated"
    ON "sources" ("anonymous", "source_type", "reason_stated");
CREATE INDEX "idx_sources_reason_stated_source_type_anonymous"
    ON "sources" ("reason_stated", "source_type", "anonymous");
CREATE INDEX "idx_article_counts_outlet_attributions_sources_anonymous_attributions_unresolved_attributions_named_people_named_organizations_documents_anonymous_sources_with_reason_anonymous_sources_without_reason_non_responses"
    ON "article_counts" ("outlet", "attributions", "sources", "anonymous_attributions", "unresolved_attributions", "named_people", "named_organizations", "documents", "anonymous_sources_with_reason", "anonymous_sources_without_reason", "non_responses");
CREATE INDEX "idx_speaker_counts_attributions_articles"
    ON "speaker_counts" ("attributions", "articles");
CREATE INDEX "idx_outlet_type_counts_outlet_source_type_attributions"
    ON "outlet_type_counts" ("outlet", "source_type", "attributions");
CREATE INDEX "idx_people_attributions"
    ON "people" ("attributions");
CREATE INDEX "idx_quote_clusters_outlets"
    ON "quote_clusters" ("outlets");
CREATE INDEX [idx_attributions_unexplained] on attributions (article_id, position) where anonymous = 1 and reason_stated = 0;
CREATE INDEX [idx_attributions_unexplained_outlet] on attributions (outlet) where anonymous = 1 and reason_stated = 0;
CREATE INDEX [idx_attributions_unexplained_source_type] on attributions (source_type) where anonymous = 1 and reason_stated = 0;
CREATE INDEX [idx_article_counts_share_anonymous] on article_counts (round(1.0 * anonymous_attributions / nullif(attributions, 0), 3));
CREATE INDEX [idx_article_counts_month] on article_counts (substr(published, 1, 7), attributions, anonymous_attributions) where published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*';
CREATE INDEX [idx_article_counts_date] on article_counts (published desc, name);
CREATE INDEX [idx_article_counts_anonymous_only] on article_counts (attributions) where attributions > 0 and anonymous_attributions = attributions;
CREATE VIRTUAL TABLE "attributions_fts" USING FTS5 (
    "content", "speaker", "speaker_name",
    content="attributions"
)
/* attributions_fts(content,speaker,speaker_name) */;
CREATE TABLE IF NOT EXISTS 'attributions_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'attributions_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'attributions_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'attributions_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "attributions_ai" AFTER INSERT ON "attributions" BEGIN
  INSERT INTO "attributions_fts" (rowid, "content", "speaker", "speaker_name") VALUES (new.rowid, new."content", new."speaker", new."speaker_name");
END;
CREATE TRIGGER "attributions_ad" AFTER DELETE ON "attributions" BEGIN
  INSERT INTO "attributions_fts" ("attributions_fts", rowid, "content", "speaker", "speaker_name") VALUES('delete', old.rowid, old."content", old."speaker", old."speaker_name");
END;
CREATE TRIGGER "attributions_au" AFTER UPDATE ON "attributions" BEGIN
  INSERT INTO "attributions_fts" ("attributions_fts", rowid, "content", "speaker", "speaker_name") VALUES('delete', old.rowid, old."content", old."speaker", old."speaker_name");
  INSERT INTO "attributions_fts" (rowid, "content", "speaker", "speaker_name") VALUES (new.rowid, new."content", new."speaker", new."speaker_name");
END;
CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (
    "title", "text",
    content="articles"
)
/* articles_fts(title,text) */;
CREATE TABLE IF NOT EXISTS 'articles_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'articles_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'articles_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'articles_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN
  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END;
CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES('delete', old.rowid, old."title", old."text");
END;
CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") VALUES('delete', old.rowid, old."title", old."text");
  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
END;
CREATE VIRTUAL TABLE "people_fts" USING FTS5 (
    "name", "aliases",
    content="people"
)
/* people_fts(name,aliases) */;
CREATE TABLE IF NOT EXISTS 'people_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'people_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'people_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'people_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "people_ai" AFTER INSERT ON "people" BEGIN
  INSERT INTO "people_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE TRIGGER "people_ad" AFTER DELETE ON "people" BEGIN
  INSERT INTO "people_fts" ("people_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
END;
CREATE TRIGGER "people_au" AFTER UPDATE ON "people" BEGIN
  INSERT INTO "people_fts" ("people_fts", rowid, "name", "aliases") VALUES('delete', old.rowid, old."name", old."aliases");
  INSERT INTO "people_fts" (rowid, "name", "aliases") VALUES (new.rowid, new."name", new."aliases");
END;
CREATE VIEW "article_stats" AS select article_id, name, path, title, outlet, attributions, sources, anonymous_attributions,
  round(1.0 * anonymous_attributions / nullif(attributions, 0), 3) as share_anonymous,
  unresolved_attributions,
  round(1.0 * anonymous_attributions / nullif(attributions - unresolved_attributions, 0), 3)
    as share_anonymous_of_resolved,
  named_people, named_organizations, documents,
  anonymous_sources_with_reason, anonymous_sources_without_reason, non_responses
from article_counts
/* article_stats(article_id,name,path,title,outlet,attributions,sources,anonymous_attributions,share_anonymous,unresolved_attributions,share_anonymous_of_resolved,named_people,named_organizations,documents,anonymous_sources_with_reason,anonymous_sources_without_reason,non_responses) */;
CREATE VIEW "outlet_stats" AS select outlet, count(*) as articles,
  coalesce(sum(attributions), 0) as attributions, coalesce(sum(sources), 0) as sources,
  coalesce(sum(anonymous_attributions), 0) as anonymous_attributions,
  round(1.0 * sum(anonymous_attributions) / nullif(sum(attributions), 0), 3) as share_anonymous,
  coalesce(sum(unresolved_attributions), 0) as unresolved_attributions,
  round(1.0 * sum(anonymous_attributions)
    / nullif(sum(attributions) - sum(unresolved_attributions), 0), 3) as share_anonymous_of_resolved,
  coalesce(sum(named_people), 0) as named_people,
  coalesce(sum(named_organizations), 0) as named_organizations,
  coalesce(sum(documents), 0) as documents,
  coalesce(sum(anonymous_sources_with_reason), 0) as anonymous_sources_with_reason,
  coalesce(sum(anonymous_sources_without_reason), 0) as anonymous_sources_without_reason,
  coalesce(sum(non_responses), 0) as non_responses
from article_stats group by outlet
/* outlet_stats(outlet,articles,attributions,sources,anonymous_attributions,share_anonymous,unresolved_attributions,share_anonymous_of_resolved,named_people,named_organizations,documents,anonymous_sources_with_reason,anonymous_sources_without_reason,non_responses) */;
CREATE VIEW "corpus_summary" AS select count(*) as articles, count(distinct outlet) as outlets,
  coalesce(sum(attributions), 0) as attributions, coalesce(sum(sources), 0) as sources,
  coalesce(sum(anonymous_attributions), 0) as anonymous_attributions,
  round(1.0 * sum(anonymous_attributions) / nullif(sum(attributions), 0), 3) as share_anonymous,
  coalesce(sum(unresolved_attributions), 0) as unresolved_attributions,
  round(1.0 * sum(anonymous_attributions)
    / nullif(sum(attributions) - sum(unresolved_attributions), 0), 3) as share_anonymous_of_resolved,
  coalesce(sum(named_people), 0) as named_people,
  coalesce(sum(named_organizations), 0) as named_organizations,
  coalesce(sum(documents), 0) as documents,
  coalesce(sum(anonymous_sources_with_reason), 0) as anonymous_sources_with_reason,
  coalesce(sum(anonymous_sources_without_reason), 0) as anonymous_sources_without_reason,
  coalesce(sum(non_responses), 0) as non_responses,
  (select count(*) from attributions where anonymous = 1 and reason_stated = 0) as unexplained_anonymous_attributions
from article_stats
/* corpus_summary(articles,outlets,attributions,sources,anonymous_attributions,share_anonymous,unresolved_attributions,share_anonymous_of_resolved,named_people,named_organizations,documents,anonymous_sources_with_reason,anonymous_sources_without_reason,non_responses,unexplained_anonymous_attributions) */;
CREATE VIEW "unexplained_anonymous" AS select t.id, t.article_id,
  (select c.name from article_counts c where c.article_id = t.article_id) as article,
  t.outlet, t.position, t.kind, t.content, t.cue,
  t.speaker, t.speaker_name, t.source_type, t.source_id
from attributions t
where t.anonymous = 1 and t.reason_stated = 0
/* unexplained_anonymous(id,article_id,article,outlet,position,kind,content,cue,speaker,speaker_name,source_type,source_id) */;
CREATE VIEW "anonymous_only_articles" AS select * from article_stats
where attributions > 0 and anonymous_attributions = attributions
/* anonymous_only_articles(article_id,name,path,title,outlet,attributions,sources,anonymous_attributions,share_anonymous,unresolved_attributions,share_anonymous_of_resolved,named_people,named_organizations,documents,anonymous_sources_with_reason,anonymous_sources_without_reason,non_responses) */;
CREATE VIEW "speaker_leaderboard" AS select speaker_name, source_type, attributions, articles
from speaker_counts
order by attributions desc, articles desc, speaker_name
/* speaker_leaderboard(speaker_name,source_type,attributions,articles) */;
CREATE VIEW "most_reused_quotes" AS select id, text, outlets, articles, attributions, first_published, first_outlet, first_speaker,
  outlet_names, speakers
from quote_clusters
order by outlets desc, articles desc, first_published
/* most_reused_quotes(id,text,outlets,articles,attributions,first_published,first_outlet,first_speaker,outlet_names,speakers) */;
CREATE VIEW "most_quoted_people" AS select id, name, kind, attributions, articles, outlets, direct, indirect, mixed,
  named_mentions, described_mentions, aliases
from people where attributions > 0
order by attributions desc, articles desc, name
/* most_quoted_people(id,name,kind,attributions,articles,outlets,direct,indirect,mixed,named_mentions,described_mentions,aliases) */;
CREATE VIEW "monthly_stats" AS select substr(published, 1, 7) as month, count(*) as articles,
  coalesce(sum(attributions), 0) as attributions,
  coalesce(sum(anonymous_attributions), 0) as anonymous_attributions,
  round(1.0 * sum(anonymous_attributions) / nullif(sum(attributions), 0), 3) as share_anonymous
from article_counts
where published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
group by month order by month
/* monthly_stats(month,articles,attributions,anonymous_attributions,share_anonymous) */;
CREATE VIEW "outlet_source_types" AS select outlet, source_type, attributions,
  round(1.0 * attributions
    / (select sum(u.attributions) from outlet_type_counts u where u.outlet is c.outlet), 3)
    as share
from outlet_type_counts c
order by outlet, attributions desc, source_type
/* outlet_source_types(outlet,source_type,attributions,share) */;
