COPY customers (id, email) TO STDOUT WITH (FORMAT csv)
