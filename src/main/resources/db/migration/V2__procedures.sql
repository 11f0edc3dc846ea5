-- Writes one message. Idempotent by message id when p_idempotent (the default behaviour of the service).
-- Raises SQLSTATE PB001 for a business-rule violation, and whatever pipeline.fault_control injects.
create or replace procedure pipeline.process_message(
  p_id uuid,
  p_customer text,
  p_amount numeric,
  p_currency text,
  p_payload jsonb,
  p_idempotent boolean)
language plpgsql
as $$
declare
  v_fault record;
  v_inserted integer;
begin
  for v_fault in
    select name, sqlstate, sleep_ms, probability from pipeline.fault_control where enabled
  loop
    if random() < v_fault.probability then
      if v_fault.sleep_ms > 0 then
        perform pg_sleep(v_fault.sleep_ms / 1000.0);
      end if;
      if v_fault.sqlstate is not null then
        raise exception 'injected fault % (pipeline.fault_control) for message %', v_fault.name, p_id
          using errcode = v_fault.sqlstate;
      end if;
    end if;
  end loop;

  insert into pipeline.processed_ids (message_id) values (p_id) on conflict do nothing;
  get diagnostics v_inserted = row_count;
  if v_inserted = 0 and p_idempotent then
    return;
  end if;

  if p_amount <= 0 or p_amount > 1000000 then
    raise exception 'business rule violated for message %: amount % must be > 0 and <= 1000000', p_id, p_amount
      using errcode = 'PB001';
  end if;

  insert into pipeline.messages (message_id, customer, amount, currency, payload)
  values (p_id, p_customer, p_amount, p_currency, p_payload);

  insert into pipeline.customer_totals as t (customer, total, message_count)
  values (p_customer, p_amount, 1)
  on conflict (customer) do update
    set total = t.total + excluded.total, message_count = t.message_count + 1;
end;
$$;
