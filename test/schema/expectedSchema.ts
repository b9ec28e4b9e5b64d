/**
 * The schema SPEC §2 and the seeds describe, as PostgreSQL reports it
 * (format_type, pg_get_expr, pg_get_indexdef, pg_get_constraintdef).
 * A migration that changes the schema changes this file too.
 */
type Column = [name: string, type: string, notNull: boolean, default_: string | null];

const NOW = 'CURRENT_TIMESTAMP';
const UUID_PK: Column = ['id', 'uuid', true, 'gen_random_uuid()'];

export const COLUMNS: Record<string, Column[]> = {
  users: [
    UUID_PK,
    ['email', 'citext', true, null],
    ['password_hash', 'text', true, null],
    ['display_name', 'text', false, null],
    ['role', 'character varying(20)', true, "'operator'::character varying"],
    ['created_at', 'timestamp with time zone', false, NOW],
    ['last_login_at', 'timestamp with time zone', false, null],
    ['is_password_temp', 'boolean', true, 'false'],
  ],
  plants: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['name', 'text', true, null],
    ['species', 'text', true, "''::text"],
    ['kind', 'plantkind', true, null],
    ['room', 'text', true, "''::text"],
    ['moisture', 'double precision', true, "'0.5'::double precision"],
    ['status', 'plantstatus', true, "'thriving'::plantstatus"],
    ['every', 'integer', true, '7'],
    ['light', 'text', true, "''::text"],
    ['note', 'text', true, "''::text"],
    ['growth', 'json', true, "'[]'::json"],
    ['last_water', 'timestamp without time zone', false, null],
    ['created_at', 'timestamp without time zone', false, "(now() AT TIME ZONE 'utc'::text)"],
    ['recompute_from', 'timestamp with time zone', false, null],
    ['change_seq', 'bigint', true, "'0'::bigint"],
    ['next_change_at', 'timestamp with time zone', false, null],
    ['insights', 'jsonb', false, null],
    ['forecast_dry_at', 'timestamp with time zone', false, null],
    ['sensor_state', 'character varying(10)', true, "'never'::character varying"],
    ['sensor_stale_at', 'timestamp with time zone', false, null],
    ['insights_through', 'timestamp with time zone', false, null],
    ['last_reading_at', 'timestamp with time zone', false, null],
  ],
  readings: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['plant_id', 'uuid', true, null],
    ['moisture', 'double precision', false, null],
    ['growth', 'double precision', false, null],
    ['recorded_at', 'timestamp with time zone', true, null],
    ['received_at', 'timestamp with time zone', true, NOW],
  ],
  api_tokens: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['name', 'text', true, null],
    ['token_hash', 'text', true, null],
    ['created_at', 'timestamp with time zone', true, NOW],
    ['last_used_at', 'timestamp with time zone', false, null],
    ['revoked_at', 'timestamp with time zone', false, null],
  ],
  waterings: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['plant_id', 'uuid', true, null],
    ['at', 'timestamp with time zone', true, null],
    ['created_at', 'timestamp with time zone', true, NOW],
  ],
  plant_events: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['plant_id', 'uuid', true, null],
    ['type', 'text', true, null],
    ['at', 'timestamp with time zone', true, NOW],
    ['data', 'jsonb', true, "'{}'::jsonb"],
  ],
  webhooks: [
    UUID_PK,
    ['user_id', 'uuid', true, null],
    ['url', 'text', true, null],
    ['types', 'text[]', false, null],
    ['secret', 'text', true, null],
    ['created_at', 'timestamp with time zone', true, NOW],
    ['disabled_at', 'timestamp with time zone', false, null],
    ['failing_since', 'timestamp with time zone', false, null],
  ],
  webhook_deliveries: [
    UUID_PK,
    ['webhook_id', 'uuid', true, null],
    ['event_id', 'uuid', true, null],
    ['attempt', 'integer', true, null],
    ['status', 'integer', false, null],
    ['error', 'text', false, null],
    ['duration_ms', 'integer', true, null],
    ['at', 'timestamp with time zone', true, NOW],
  ],
};

export const ENUMS: Record<string, string[]> = {
  plantkind: ['monstera', 'fig', 'pothos', 'snake', 'succulent'],
  plantstatus: ['dry', 'soon', 'thriving', 'watered', 'resting'],
};

/** Every index, by name → definition (primary keys and unique constraints included). */
export const INDEXES: Record<string, string> = {
  users_pkey: 'CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)',
  users_email_unique: 'CREATE UNIQUE INDEX users_email_unique ON public.users USING btree (email)',
  plants_pkey: 'CREATE UNIQUE INDEX plants_pkey ON public.plants USING btree (id)',
  plants_user_id_created_at_id_index: 'CREATE INDEX plants_user_id_created_at_id_index ON public.plants USING btree (user_id, created_at, id)',
  plants_recompute_from_index: 'CREATE INDEX plants_recompute_from_index ON public.plants USING btree (recompute_from) WHERE (recompute_from IS NOT NULL)',
  plants_next_change_at_index: 'CREATE INDEX plants_next_change_at_index ON public.plants USING btree (next_change_at) WHERE (next_change_at IS NOT NULL)',
  readings_pkey: 'CREATE UNIQUE INDEX readings_pkey ON public.readings USING btree (id)',
  readings_plant_id_recorded_at_unique:
    'CREATE UNIQUE INDEX readings_plant_id_recorded_at_unique ON public.readings USING btree (plant_id, recorded_at DESC) INCLUDE (moisture, growth)',
  readings_plant_id_recorded_at_growth_index:
    'CREATE INDEX readings_plant_id_recorded_at_growth_index ON public.readings USING btree (plant_id, recorded_at DESC) INCLUDE (growth) WHERE (growth IS NOT NULL)',
  api_tokens_pkey: 'CREATE UNIQUE INDEX api_tokens_pkey ON public.api_tokens USING btree (id)',
  api_tokens_token_hash_unique: 'CREATE UNIQUE INDEX api_tokens_token_hash_unique ON public.api_tokens USING btree (token_hash)',
  api_tokens_user_id_index: 'CREATE INDEX api_tokens_user_id_index ON public.api_tokens USING btree (user_id)',
  waterings_pkey: 'CREATE UNIQUE INDEX waterings_pkey ON public.waterings USING btree (id)',
  waterings_plant_id_at_unique: 'CREATE UNIQUE INDEX waterings_plant_id_at_unique ON public.waterings USING btree (plant_id, at DESC)',
  plant_events_pkey: 'CREATE UNIQUE INDEX plant_events_pkey ON public.plant_events USING btree (id)',
  plant_events_plant_id_at_index: 'CREATE INDEX plant_events_plant_id_at_index ON public.plant_events USING btree (plant_id, at DESC)',
  plant_events_user_id_at_id_index: 'CREATE INDEX plant_events_user_id_at_id_index ON public.plant_events USING btree (user_id, at, id)',
  webhooks_pkey: 'CREATE UNIQUE INDEX webhooks_pkey ON public.webhooks USING btree (id)',
  webhooks_user_id_created_at_id_index: 'CREATE INDEX webhooks_user_id_created_at_id_index ON public.webhooks USING btree (user_id, created_at, id)',
  webhook_deliveries_pkey: 'CREATE UNIQUE INDEX webhook_deliveries_pkey ON public.webhook_deliveries USING btree (id)',
  webhook_deliveries_webhook_id_at_index: 'CREATE INDEX webhook_deliveries_webhook_id_at_index ON public.webhook_deliveries USING btree (webhook_id, at DESC)',
  webhook_deliveries_event_id_webhook_id_index:
    'CREATE INDEX webhook_deliveries_event_id_webhook_id_index ON public.webhook_deliveries USING btree (event_id, webhook_id)',
  webhook_deliveries_at_index: 'CREATE INDEX webhook_deliveries_at_index ON public.webhook_deliveries USING btree (at)',
};

/** Foreign keys, unique and check constraints: table.name → definition. */
export const CONSTRAINTS: Record<string, string> = {
  'users.users_email_unique': 'UNIQUE (email)',
  'users.users_role_check': "CHECK (((role)::text = ANY ((ARRAY['operator'::character varying, 'admin'::character varying])::text[])))",
  'plants.plants_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id)',
  'plants.plants_every_positive': 'CHECK ((every >= 1))',
  'plants.plants_sensor_state_check':
    "CHECK (((sensor_state)::text = ANY ((ARRAY['ok'::character varying, 'stale'::character varying, 'flatline'::character varying, 'erratic'::character varying, 'never'::character varying])::text[])))",
  'plants.plants_moisture_range': 'CHECK (((moisture >= (0)::double precision) AND (moisture <= (1)::double precision)))',
  'readings.readings_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id)',
  'readings.readings_plant_id_foreign': 'FOREIGN KEY (plant_id) REFERENCES plants(id) ON DELETE CASCADE',
  'readings.readings_moisture_range': 'CHECK (((moisture >= (0)::double precision) AND (moisture <= (1)::double precision)))',
  'readings.readings_growth_range': "CHECK (((growth >= (0)::double precision) AND (growth < 'Infinity'::double precision)))",
  'readings.readings_has_value': 'CHECK (((moisture IS NOT NULL) OR (growth IS NOT NULL)))',
  'api_tokens.api_tokens_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
  'api_tokens.api_tokens_token_hash_unique': 'UNIQUE (token_hash)',
  'waterings.waterings_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id)',
  'waterings.waterings_plant_id_foreign': 'FOREIGN KEY (plant_id) REFERENCES plants(id) ON DELETE CASCADE',
  'plant_events.plant_events_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id)',
  'plant_events.plant_events_plant_id_foreign': 'FOREIGN KEY (plant_id) REFERENCES plants(id) ON DELETE CASCADE',
  'plant_events.plant_events_type_known':
    "CHECK ((type = ANY (ARRAY['status_changed'::text, 'watering_detected'::text, 'watering_logged'::text, 'sensor_stale'::text, 'sensor_recovered'::text])))",
  'webhooks.webhooks_user_id_foreign': 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
  'webhook_deliveries.webhook_deliveries_webhook_id_foreign': 'FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE',
};

/** Triggers: table.name → definition. The recompute marker's one definition (migration 20261121001000). */
export const TRIGGERS: Record<string, string> = {
  'readings.readings_mark_plants':
    'CREATE TRIGGER readings_mark_plants AFTER INSERT ON public.readings REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION readings_mark_plants()',
  'waterings.waterings_mark_plants':
    'CREATE TRIGGER waterings_mark_plants AFTER INSERT ON public.waterings REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION waterings_mark_plants()',
};

/** Functions of the public schema: name(arguments) → result. */
export const FUNCTIONS: Record<string, string> = {
  'mark_plants_for_recompute(plant_ids uuid[], from_ats timestamp with time zone[])': 'void',
  'readings_mark_plants()': 'trigger',
  'waterings_mark_plants()': 'trigger',
};
