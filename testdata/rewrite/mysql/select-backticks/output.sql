SELECT `c`.`name` FROM `customers` AS `c` WHERE `c`.deleted_at IS NULL AND (`c`.`region` = ?)
