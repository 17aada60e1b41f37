-- The official image creates POSTGRES_DB (switchboard, for management-api); events-api has its own.
CREATE DATABASE switchboard_events;
