/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What the files of the generator share and nothing else includes: the
 * countries, the name tables and transliterations (gen_names.c), the BCP
 * table (gen_bcps.c), persons, documents and vehicles made from their index
 * alone (gen_people.c), the days of crossings (gen_days.c), flights and
 * their PAXLST files (gen_paxlst.c), the planted networks, relations and
 * watchlist (gen_networks.c) and the name pairs (gen_pairs.c).
 *
 * A person, document or vehicle is a pure function of (seed, index): any
 * part of the generator can make person 1234 again when a crossing needs
 * it, so nothing is kept in memory but one day of crossings.
 */
#ifndef RICS_INGEST_GEN_INT_H
#define RICS_INGEST_GEN_INT_H

#include "ingest/gen.h"
#include "ingest/mrz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- countries ---- */

enum gen_nat { NAT_KZ, NAT_KG, NAT_TJ, NAT_TM, NAT_UZ, NAT_RU, NAT_AF, NAT_COUNT };

struct gen_country {
	const char *iso2, *icao;
	int utc_offset_min; /* local time, for daily rhythms and PAXLST */
	const char *currency;
};

extern const struct gen_country gen_countries[NAT_COUNT];

/* enum gen_nat of an ISO alpha-2 or ICAO code; -1 if not of the region. */
int gen_nat_by_code(const char *code);

/* ---- random streams: the stream argument of gen_rng_init ---- */

enum gen_rs {
	RS_BLOCK = 1,
	RS_PERSON,
	RS_DOC,
	RS_VEHICLE,
	RS_DAY,
	RS_NETWORK,
	RS_WATCH,
	RS_PAIRS,
	RS_SALT,
	RS_RELATION,
	RS_PIN,
	RS_TRIP,
};

/* ---- text ---- */

/* The next code point of a UTF-8 string (advancing *s), 0 at the end,
 * U+FFFD for a malformed byte. */
uint32_t gen_utf8_next(const char **s);

/* ---- names (gen_names.c) ---- */

#define GEN_NAME_MAX 160

/* s: as the country's documents write it. x: the Arabic-script form
 * (Afghan names), or the patronymic stem (Russian male names). y: another
 * Latin spelling (Afghan names). */
struct gen_name {
	const char *s, *x, *y;
};

struct gen_name_list {
	const struct gen_name *v;
	size_t n;
};

struct gen_names {
	struct gen_name_list surnames, male, female, places;
};

const struct gen_names *gen_names_for(enum gen_nat nat);

/* A name from a list, the first third more often (common names). */
const struct gen_name *gen_name_pick(struct gen_rng *r, const struct gen_name_list *l);

/* Transliteration systems: the MRZ (ICAO 9303 and national practice), and
 * the others that records of the region were written in. */
enum gen_sys {
	SYS_ICAO,    /* the MRZ of today's passports */
	SYS_RU1997,  /* Russian passports 1997-2010: Й Y, Ю YU, Я YA */
	SYS_RU2010,  /* Russian passports 2010-2013: Ц TC */
	SYS_UZLATIN, /* Uzbek Latin orthography: Х X, Ж J, Қ Q, Ў Oʻ */
	SYS_KZLATIN, /* Kazakh Latin alphabet of 2021: Ә Ä, Қ Q, Ш Ş ... */
	SYS_RUSSIAN, /* national letters replaced by Russian ones, then ICAO */
};

/* Append name in system sys (upper case; ASCII except SYS_KZLATIN). */
int gen_translit(const char *name, enum gen_nat nat, enum gen_sys sys, struct strbuf *out);
/* Append the Cyrillic form of an Uzbek or Turkmen Latin name (as a Russian
 * record writes a Turkmen name); other input is copied. */
int gen_to_cyrillic(const char *name, enum gen_nat nat, struct strbuf *out);
/* Kazakh and Kyrgyz letters replaced by the Russian ones (Ұ У, Қ К ...). */
int gen_russify(const char *name, struct strbuf *out);
/* The surname as a woman of the family writes it (Karimov -> Karimova). */
int gen_feminine(const char *surname, enum gen_nat nat, struct strbuf *out);

enum gen_patro_style { PATRO_NATIONAL, PATRO_RUSSIAN };
/* The patronymic of a child of father (a given name of nat): Нұрланұлы,
 * Botir oʻgʻli, Myradowiç, or Russian style Нурланович; ru_stem is the
 * stem of a Russian father's name (gen_name.x) or NULL. */
int gen_patronymic(const char *father, const char *ru_stem, enum gen_nat nat, char sex,
		   enum gen_patro_style style, struct strbuf *out);
/* One typing error (substitution, deletion, doubling or transposition of
 * letters) in name. */
int gen_typo(struct gen_rng *r, const char *name, struct strbuf *out);

/* ---- border crossing points (gen_bcps.c) ---- */

enum gen_mode { MODE_ROAD, MODE_PED, MODE_RAIL, MODE_AIR, MODE_RIVER, MODE_COUNT };
extern const char *const gen_mode_names[MODE_COUNT];

struct gen_bcp {
	char *code, *name, *name_local, *country, *neighbour, *counterpart, *kind;
	char *confidence, *source; /* owned */
	double lat, lon;
	bool has_pos;
	int nat, nb_nat;      /* enum gen_nat, or -1 outside the region */
	unsigned modes;       /* 1 << enum gen_mode */
	int pair[MODE_COUNT]; /* the counterpart across the border for a mode, or -1 */
	char iata[4];         /* airports: the code in "(XXX)" of the name */
	bool brochure;        /* named in the UNODC brochure */
};

struct gen_bcps {
	struct gen_bcp *v;
	size_t n;
};

int gen_bcp_find(const struct gen_bcps *b, const char *code);

/* ---- persons, documents, vehicles (gen_people.c) ---- */

enum gen_doc_kind { DOC_PASSPORT, DOC_ID, DOC_OLD, DOC_KINDS };

struct gen_person {
	size_t index;
	enum gen_nat nat;
	char sex;             /* 'M' or 'F' */
	int64_t birth;        /* days since 1970-01-01 */
	int role;             /* household: 0 father, 1 mother, 2-3 child; -1 alone */
	bool has_id, has_old; /* an identity card; an expired older passport */
	bool arabic;          /* an Afghan record written in Arabic script */
	bool cyr_other;       /* an Uzbek or Turkmen record also names the Cyrillic form */
	unsigned father_name; /* index of the household father's given name */
	char surname[GEN_NAME_MAX], given[GEN_NAME_MAX], patronymic[GEN_NAME_MAX];
	char place[GEN_NAME_MAX];
	char other[GEN_NAME_MAX * 2];                            /* other script */
	char mrz_surname[GEN_NAME_MAX], mrz_given[GEN_NAME_MAX]; /* passport */
	char old_surname[GEN_NAME_MAX], old_given[GEN_NAME_MAX]; /* older passport */
};

struct gen_doc {
	enum gen_doc_kind kind;
	size_t slot; /* 3 * person + kind: the document's key */
	char number[24];
	int64_t issue, expiry;
	char mrz[MRZ_TD1_TEXT_SIZE]; /* the larger of TD1 and TD3 */
};

enum gen_vkind { VK_CAR, VK_TRUCK, VK_VAN, VK_BUS, VK_MOTO, VK_COUNT };
extern const char *const gen_vkind_names[VK_COUNT];

struct gen_vehicle {
	size_t index;
	enum gen_nat nat;
	enum gen_vkind kind;
	const char *make, *model, *colour;
	char plate[24];
	char vin[18];
	size_t owner;
};

struct gen;

/* Nationality, sex, age, household and documents only: cheap. */
void gen_person_traits(const struct gen *g, size_t i, struct gen_person *p);
/* Everything, names included. */
int gen_person_make(const struct gen *g, size_t i, struct gen_person *p);
/* The document of kind k of p (which must have it). */
int gen_doc_make(const struct gen *g, const struct gen_person *p, enum gen_doc_kind k,
		 struct gen_doc *d);
void gen_vehicle_make(const struct gen *g, size_t v, struct gen_vehicle *out);

/* How many persons (vehicles) of nationality n there are, and the j-th. */
size_t gen_persons_of(const struct gen *g, enum gen_nat n);
size_t gen_person_of(const struct gen *g, enum gen_nat n, size_t j);
size_t gen_vehicles_of(const struct gen *g, enum gen_nat n);
size_t gen_vehicle_of(const struct gen *g, enum gen_nat n, size_t j);
/* A person of nationality n aged at least min_age at day, travellers who
 * cross often picked more often. */
size_t gen_pick_person(const struct gen *g, struct gen_rng *r, enum gen_nat n, int64_t day,
		       int min_age);
size_t gen_pick_vehicle(const struct gen *g, struct gen_rng *r, enum gen_nat n);
/* The other members of p's household (up to 3); returns how many. */
size_t gen_household(const struct gen *g, const struct gen_person *p, size_t out[3]);
int gen_age(const struct gen_person *p, int64_t day);

int gen_emit_people(struct gen *g);

/* ---- days of crossings (gen_days.c) ---- */

struct gen_xing {
	int64_t t; /* ms since the epoch, UTC */
	uint32_t person;
	uint8_t doc; /* enum gen_doc_kind */
	uint8_t dir; /* 0 in, 1 out */
	uint8_t mode;
	int32_t vehicle; /* -1: none */
	uint16_t bcp;
	uint32_t group; /* 0: travelling alone; else the day's group number */
	int32_t flight; /* index into the day's flights, or -1 */
	uint32_t seq;   /* order of creation, to sort stably */
};

struct gen_decl {
	int64_t t;
	uint32_t person;
	uint16_t bcp;
	uint8_t dir, currency, source, purpose;
	double amount;
	uint32_t seq;
};

struct gen_seizure {
	int64_t t;
	uint16_t bcp;
	uint8_t substance, concealment, note;
	double quantity;
	uint32_t persons[3];
	uint8_t npersons;
	int32_t vehicle;
	int32_t network; /* -1: none */
	uint32_t seq;
};

struct gen_flight {
	char carrier[3];
	unsigned number;
	int bcp;       /* our airport */
	char other[4]; /* the airport at the other end */
	bool arriving;
	int64_t dep, arr;    /* ms UTC */
	int other_offset;    /* minutes */
	size_t first, count; /* its crossings in the day's buffer, in creation order */
};

struct gen_day {
	struct gen_xing *x;
	size_t nx, capx;
	struct gen_decl *d;
	size_t nd, capd;
	struct gen_seizure *s;
	size_t ns, caps;
	struct gen_flight *f;
	size_t nf, capf;
	uint32_t groups;
	uint32_t seq;
	unsigned index; /* day number from the start */
};

/* Travellers crossing together: at bcp, and (when other >= 0) transit
 * minutes later the other way at the counterpart across the border. */
struct gen_trip {
	int bcp, other;
	uint8_t dir, mode;
	int64_t t;       /* ms UTC at bcp */
	int64_t transit; /* ms to the other side */
	int32_t vehicle;
	uint32_t group;
	int32_t flight;
	size_t left; /* crossings this trip may still make */
	size_t made;
	struct gen_xing last; /* the last crossing made at bcp */
};

/* Add person's crossing(s); the document is chosen as a traveller would
 * (an identity card between Kazakhstan and Kyrgyzstan). */
int gen_trip_add(struct gen *g, struct gen_rng *r, struct gen_day *day, struct gen_trip *t,
		 size_t person);
/* A new group number of the day. */
uint32_t gen_day_group(struct gen_day *day);

struct gen_seize_args {
	int bcp;
	enum gen_mode mode;
	int vkind; /* enum gen_vkind, or -1 without a vehicle */
	int64_t t;
	const size_t *persons;
	size_t npersons;
	int32_t vehicle;
	int32_t network;
	int substance; /* index into gen_substances, or -1: by the route */
};
int gen_seize(struct gen *g, struct gen_rng *r, struct gen_day *day,
	      const struct gen_seize_args *a);
/* A currency declaration by the traveller of crossing x, minutes before
 * it: usd > 0 fixes the amount in US dollars (couriers structuring their
 * cash), else amount and currency are drawn; purpose_hint is 1 + an index
 * of the purposes, or 0 to draw one. */
int gen_declare(struct gen *g, struct gen_rng *r, struct gen_day *day, const struct gen_xing *x,
		double usd, unsigned purpose_hint);
int gen_emit_days(struct gen *g);
/* The (crossing point, mode) pairs traffic is drawn from, and their
 * chances of a seizure. */
int gen_days_init(struct gen *g);
void gen_days_release(struct gen *g);

extern const char *const gen_substances[];
extern const char *const gen_currencies[];

/* ---- flights (gen_paxlst.c) ---- */

int gen_flight_plan(struct gen *g, struct gen_rng *r, int bcp, bool arriving, int64_t day_ms,
		    struct gen_flight *f);
int gen_paxlst_emit(struct gen *g, const struct gen_day *day, const struct gen_flight *f);

/* ---- networks, relations, watchlist (gen_networks.c) ---- */

struct gen_net {
	int tmpl;
	size_t organiser;
	size_t couriers[4], ncouriers;
	size_t drivers[2], ndrivers;
	size_t vehicles[2], nvehicles;
	char phone[24];
	char case_ref[32];
	int hop_out[4], hop_in[4];
	size_t nhops;
	unsigned first_day, period, ntrips;
	unsigned seizure_trip; /* the trip that ends in a seizure; ntrips: none */
};

int gen_networks_plan(struct gen *g);
void gen_networks_release(struct gen *g);
/* Crossings the networks make over the whole period. */
size_t gen_networks_crossings(const struct gen *g);
/* Add the networks' trips of this day. */
int gen_networks_day(struct gen *g, struct gen_day *day);
int gen_emit_relations(struct gen *g);
int gen_emit_watchlist(struct gen *g);
bool gen_is_network_member(const struct gen *g, size_t person);

/* ---- name pairs (gen_pairs.c) ---- */

int gen_emit_pairs(struct gen *g);

/* ---- the run ---- */

#define GEN_SLOTS 100

struct gen {
	const struct gen_params *p;
	const struct gen_sizes *sz;
	const struct gen_bcps *b;
	const struct gen_sink *sink;
	struct gen_stats st;
	size_t persons, nblocks;
	/* nationality of household block b: nat_slot[b % GEN_SLOTS] */
	uint8_t nat_slot[GEN_SLOTS], nat_pos[NAT_COUNT][GEN_SLOTS], nat_npos[NAT_COUNT];
	uint8_t veh_slot[GEN_SLOTS], veh_pos[NAT_COUNT][GEN_SLOTS], veh_npos[NAT_COUNT];
	uint64_t salt_doc, salt_plate, salt_vin;
	/* events: (bcp, mode) pairs with cumulative weights */
	uint16_t *ev_bcp;
	uint8_t *ev_mode;
	uint64_t *ev_cum;
	size_t nev;
	uint32_t *ev_ppm; /* chance of a seizure per event, per million */
	struct gen_net *nets;
	size_t nnets;
	size_t seq_xing, seq_decl, seq_seizure;
	struct strbuf sb; /* scratch */
};

/* Hand a row to the sink and count it; takes the reference. */
int gen_emit(struct gen *g, enum gen_stream s, json_t *row);

/* Row helpers: set key only when v is not NULL or empty. -ENOMEM. */
int gen_set_str(json_t *o, const char *key, const char *v);
int gen_set_ref(json_t *o, const char *key, char prefix, size_t index);
int gen_set_real(json_t *o, const char *key, double v);
int gen_set_int(json_t *o, const char *key, long long v);

/* "YYYY-MM-DD" of days since the epoch; RFC 3339 UTC of ms. */
void gen_date(int64_t days, char out[11]);
void gen_time(int64_t ms, char out[21]);
void gen_civil(int64_t days, int *y, int *m, int *d);

#endif
