-- Reserved: this migration's tables are being written.
SELECT 1;
