-- events-api: rollups of SDK evaluation counts and custom events (docs/events.md).
-- Written only by the consumer, in one transaction per poll together with processed_batch.

-- The authoritative de-duplication: a batch id is rolled up once per environment. A redelivered
-- Kafka record, or a retry that Redis did not recognise, conflicts here and changes nothing.
create table processed_batch (
    environment_id uuid         not null,
    batch_id       varchar(100) not null,
    processed_at   timestamptz  not null,
    primary key (environment_id, batch_id)
);
create index processed_batch_age on processed_batch (processed_at);

-- variation '' = the caller's default was served (null in the API)
create table evaluation_minute (
    environment_id uuid         not null,
    variable       varchar(200) not null,
    minute         timestamptz  not null,
    variation      varchar(200) not null,
    reason         varchar(40)  not null,
    count          bigint       not null,
    primary key (environment_id, variable, minute, variation, reason)
);
create index evaluation_minute_age on evaluation_minute (minute);

create table evaluation_day (
    environment_id uuid         not null,
    variable       varchar(200) not null,
    day            date         not null,
    variation      varchar(200) not null,
    reason         varchar(40)  not null,
    count          bigint       not null,
    primary key (environment_id, variable, day, variation, reason)
);

-- evaluations of variables the environment's project does not have (typos, removed flags,
-- flags of another project): counted apart, never mixed into the usage figures
create table unknown_variable_day (
    environment_id uuid         not null,
    variable       varchar(200) not null,
    day            date         not null,
    count          bigint       not null,
    primary key (environment_id, variable, day)
);

create table custom_event_minute (
    environment_id uuid             not null,
    key            varchar(200)     not null,
    minute         timestamptz      not null,
    count          bigint           not null,
    -- sum of the events' values (events without a value add 0)
    sum            double precision not null,
    primary key (environment_id, key, minute)
);
create index custom_event_minute_age on custom_event_minute (minute);
