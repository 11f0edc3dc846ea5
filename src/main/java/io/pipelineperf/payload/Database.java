package io.pipelineperf.payload;

/** Where a JDBC feeder queries: the stack's database. */
public record Database(String url, String user, String password) {}
