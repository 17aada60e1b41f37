-- Switchboard management-api schema. JSON columns hold the config document's own shapes
-- (variables, variations, targeting rules, audience filters): see docs/config-format.md.

create table project (
    id          uuid primary key,
    key         varchar(100) not null unique,
    name        varchar(200) not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null
);

create table environment (
    id             uuid primary key,
    project_id     uuid         not null references project (id) on delete cascade,
    key            varchar(100) not null,
    name           varchar(200) not null,
    -- bumped in the same transaction as every change that affects the environment's config
    config_version bigint       not null default 0,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null,
    unique (project_id, key)
);

create table sdk_key (
    id             uuid primary key,
    environment_id uuid         not null references environment (id) on delete cascade,
    type           varchar(10)  not null check (type in ('server', 'client')),
    key            varchar(100) not null unique,
    created_at     timestamptz  not null,
    -- null: the current key; set when rotated (the grace period ends then) or revoked
    expires_at     timestamptz
);
create index sdk_key_environment on sdk_key (environment_id);

create table feature (
    id             uuid primary key,
    project_id     uuid         not null references project (id) on delete cascade,
    key            varchar(100) not null,
    name           varchar(200) not null,
    description    text,
    client_visible boolean      not null default false,
    variables      jsonb        not null,
    variations     jsonb        not null,
    archived_at    timestamptz,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null,
    unique (project_id, key)
);

create table targeting (
    feature_id     uuid         not null references feature (id) on delete cascade,
    environment_id uuid         not null references environment (id) on delete cascade,
    enabled        boolean      not null default false,
    off_variation  varchar(100),
    rules          jsonb        not null default '[]',
    updated_at     timestamptz  not null,
    version        bigint       not null,
    primary key (feature_id, environment_id)
);
create index targeting_environment on targeting (environment_id);

create table audience (
    id          uuid primary key,
    project_id  uuid         not null references project (id) on delete cascade,
    key         varchar(100) not null,
    name        varchar(200) not null,
    filter      jsonb        not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null,
    unique (project_id, key)
);

create table audit_log (
    id          bigserial primary key,
    project_id  uuid,
    actor       varchar(200) not null,
    at          timestamptz  not null,
    entity_type varchar(40)  not null,
    entity_key  varchar(300) not null,
    action      varchar(40)  not null,
    before      jsonb,
    after       jsonb
);
create index audit_log_project on audit_log (project_id, id desc);

-- Transactional outbox: one row per environment whose config changed, written in the
-- transaction of the change; the relay publishes unsent rows in id order and then sets sent_at.
create table outbox (
    id             bigserial primary key,
    environment_id uuid        not null,
    config_version bigint      not null,
    payload        jsonb       not null,
    created_at     timestamptz not null,
    sent_at        timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- One row: the relay that holds its lock (FOR UPDATE SKIP LOCKED) publishes; others skip.
create table outbox_relay_lock (
    id int primary key
);
insert into outbox_relay_lock (id) values (1);

create table api_token (
    id          uuid primary key,
    name        varchar(200) not null,
    -- SHA-256 of the token: tokens carry 256 random bits, so a fast hash is enough
    token_hash  varchar(64)  not null unique,
    role        varchar(10)  not null check (role in ('viewer', 'editor', 'admin')),
    -- null: every project; otherwise the project keys this token may use
    projects    jsonb,
    created_at  timestamptz  not null,
    created_by  varchar(200) not null,
    revoked_at  timestamptz
);
