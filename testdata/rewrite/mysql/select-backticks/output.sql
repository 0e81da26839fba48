SELECT `c`.`name` FROM `customers` AS `c` WHERE (`c`.`region` = ?) AND `c`.deleted_at IS NULL
