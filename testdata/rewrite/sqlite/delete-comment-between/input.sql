DELETE /* a */ FROM /* b */ customers -- c
WHERE id = 1