/*
 * geography.S — embeds the reference geography (data/geography.tsv, built by
 * scripts/build-geography) in the recond binary, between the symbols
 * geo_data_start and geo_data_end (data/geography.h), so that `recond init`
 * needs neither a file path nor the network.
 */
	.section .rodata
	.global geo_data_start
	.global geo_data_end
	.type geo_data_start, @object
	.type geo_data_end, @object
	.balign 16
geo_data_start:
	.incbin "data/geography.tsv"
geo_data_end:
	.byte 0
	.size geo_data_start, geo_data_end - geo_data_start
	.size geo_data_end, 1
	.section .note.GNU-stack,"",@progbits
