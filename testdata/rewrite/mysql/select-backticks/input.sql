SELECT `c`.`name` FROM `customers` AS `c` WHERE `c`.`region` = ?
