select o.id, p.name -- products only
  from products p join regions r on r.code = p.category
 where p.price > $1;
