/*
 * reflists.S — embeds the reference lists recond ships (data/README.md) in
 * the binary, so that `recond init` imports them without a file path: the
 * ZRR classification (zrr-communes-cog2021.csv) between zrr_data_start and
 * zrr_data_end, the France Services register (france-services-20240801.csv)
 * between fs_data_start and fs_data_end (data/reflists.h).
 */
	.section .rodata
	.global zrr_data_start
	.global zrr_data_end
	.global fs_data_start
	.global fs_data_end
	.type zrr_data_start, @object
	.type zrr_data_end, @object
	.type fs_data_start, @object
	.type fs_data_end, @object
	.balign 16
zrr_data_start:
	.incbin "data/zrr-communes-cog2021.csv"
zrr_data_end:
	.byte 0
	.size zrr_data_start, zrr_data_end - zrr_data_start
	.size zrr_data_end, 1
	.balign 16
fs_data_start:
	.incbin "data/france-services-20240801.csv"
fs_data_end:
	.byte 0
	.size fs_data_start, fs_data_end - fs_data_start
	.size fs_data_end, 1
	.section .note.GNU-stack,"",@progbits
