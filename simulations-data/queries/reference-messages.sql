-- Reconciliation by query (-Dreconcile.query=simulations-data/queries/reference-messages.sql):
-- one column of ids, any type, compared as text with the acknowledged ids.
-- An id the query does not return is lost; one it returns more than once is duplicated.
-- This one reads the reference service's table; write your own for yours (joins, filters, views).
select message_id
from pipeline.messages
