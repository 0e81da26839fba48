SELECT * FROM `customers` AS `c` WHERE `c`.`deleted_at` IS NULL
