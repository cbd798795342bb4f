-- Which worker (process) embedded the token last: shows how replicas share the work.
ALTER TABLE token ADD COLUMN embedded_by text;
