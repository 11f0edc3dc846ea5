-- Schema "pipeline" is created by Flyway (Database.open), which keeps its history table there.

-- Idempotency guard: one row per message id ever accepted.
create table pipeline.processed_ids (
  message_id    uuid primary key,
  first_seen_at timestamptz not null default now()
);

-- The ledger. Deliberately no unique constraint on message_id, so a duplicate write stays visible.
create table pipeline.messages (
  seq          bigserial primary key,
  message_id   uuid not null,
  customer     text not null,
  amount       numeric not null,
  currency     char(3) not null,
  payload      jsonb not null,
  processed_at timestamptz not null default now()
);
create index messages_message_id_idx on pipeline.messages (message_id);

create table pipeline.customer_totals (
  customer      text primary key,
  total         numeric not null,
  message_count bigint not null
);

-- One row per injectable fault; the procedure consults the enabled rows on every call.
create table pipeline.fault_control (
  name        text primary key,
  enabled     boolean not null default false,
  sqlstate    text,
  sleep_ms    integer not null default 0 check (sleep_ms >= 0),
  probability double precision not null default 1.0 check (probability between 0 and 1),
  check (sqlstate is null or sqlstate ~ '^[0-9A-Z]{5}$')
);
-- Partial index: the per-call lookup touches only enabled rows (usually none).
create index fault_control_enabled_idx on pipeline.fault_control (name) where enabled;
