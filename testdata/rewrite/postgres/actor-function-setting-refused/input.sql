ALTER FUNCTION f() SET tombstone.reason = 'forged'
