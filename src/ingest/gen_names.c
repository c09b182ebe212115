// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The names of the synthetic persons and the ways the region writes them.
 * Every list below is a set of common surnames, given names and places of
 * one country, written as that country's documents write them: Cyrillic for
 * Kazakhstan, Kyrgyzstan, Tajikistan and Russia, Uzbek and Turkmen Latin,
 * Afghan names in Latin (as Afghan passports print them) with their Dari
 * spelling. Persons are random combinations of these: no real person's
 * data is in here.
 *
 * Transliteration (docs/internals/gen.md): the MRZ follows ICAO Doc 9303
 * Part 3 Table B for the Cyrillic letters it lists and Table A for Latin
 * letters with diacritics; the national Cyrillic letters that Table B has
 * no row for follow each country's passport practice. The other systems
 * (older Russian passports, Uzbek and Kazakh Latin, Russified spellings)
 * make the variants that name screening must match.
 */
#include "ingest/gen_int.h"

#include "core/error.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>

/* ---- UTF-8 ---- */

uint32_t gen_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int n;

	if (!*p)
		return 0;
	if (*p < 0x80) {
		*s += 1;
		return *p;
	}
	n = (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : 0;
	cp = n == 1 ? (*p & 0x1Fu) : n == 2 ? (*p & 0x0Fu) : (*p & 0x07u);
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s += 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	*s += n ? n + 1 : 1;
	return n ? cp : 0xFFFD;
}

static uint32_t cyr_upper(uint32_t c)
{
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	if (((c >= 0x490 && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x4FF)) && (c & 1))
		return c - 1;
	return c;
}

static uint32_t latin_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	/* Latin Extended-A: pairs start even, but odd in 0139-0148 and 0179-017E */
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c & 1 ? c : c + 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c & 1 ? c + 1 : c;
	return c;
}

static bool is_apostrophe(uint32_t c)
{
	return c == '\'' || c == '`' || c == 0x2BB || c == 0x2BC || c == 0x2018 || c == 0x2019;
}

/* ---- the lists ---- */

#define N(s) \
	{ \
		s, NULL, NULL \
	}
#define R(s, stem) \
	{ \
		s, stem, NULL \
	}
#define A(lat, ar, alt) \
	{ \
		lat, ar, alt \
	}
#define LIST(a) \
	{ \
		a, sizeof(a) / sizeof((a)[0]) \
	}

static const struct gen_name kz_sur[] = {
	N("Ахметов"),     N("Оспанов"),    N("Омаров"),      N("Қасымов"),
	N("Жұмабаев"),    N("Серікбаев"),  N("Тоқтаров"),    N("Байжанов"),
	N("Әбдіхалықов"), N("Мұқанов"),    N("Есенов"),      N("Исаев"),
	N("Нұрпейісов"),  N("Сәрсенбаев"), N("Ерғалиев"),    N("Құдайбергенов"),
	N("Абдрахманов"), N("Жақсылықов"), N("Сейітқалиев"), N("Төлеуов"),
	N("Шәріпов"),     N("Ыбырайымов"), N("Әлиев"),       N("Кенжебеков"),
	N("Сұлтанбеков"), N("Иманғалиев"), N("Тұрсынов"),    N("Бекмұхамбетов"),
	N("Жанұзақов"),   N("Ким"),        N("Цой"),         N("Пак"),
};
static const struct gen_name kz_male[] = {
	N("Ерлан"),    N("Нұрлан"),  N("Асқар"),  N("Дәурен"),   N("Ержан"),
	N("Бауыржан"), N("Талғат"),  N("Серік"),  N("Қайрат"),   N("Мұрат"),
	N("Арман"),    N("Ерболат"), N("Дархан"), N("Ғалым"),    N("Әлібек"),
	N("Айдос"),    N("Жандос"),  N("Мақсат"), N("Еркін"),    N("Бекзат"),
	N("Азамат"),   N("Рүстем"),  N("Санжар"), N("Темірлан"), N("Жасұлан"),
};
static const struct gen_name kz_female[] = {
	N("Айгерім"), N("Гүлнара"), N("Динара"), N("Жанар"),   N("Сәуле"),    N("Әсел"),
	N("Меруерт"), N("Ақмарал"), N("Айнұр"),  N("Гүлмира"), N("Жансая"),   N("Назерке"),
	N("Аружан"),  N("Дана"),    N("Жібек"),  N("Мәдина"),  N("Салтанат"), N("Алия"),
	N("Ботагөз"), N("Толқын"),  N("Жанна"),
};
static const struct gen_name kz_place[] = {
	N("Алматы"),      N("Шымкент"),   N("Тараз"),     N("Астана"),
	N("Қарағанды"),   N("Түркістан"), N("Қызылорда"), N("Ақтау"),
	N("Талдықорған"), N("Жаркент"),   N("Кордай"),    N("Сарыағаш"),
};

static const struct gen_name kg_sur[] = {
	N("Асанов"),     N("Токтогулов"), N("Садыров"),    N("Абдыкадыров"), N("Жумабеков"),
	N("Осмонов"),    N("Мамытов"),    N("Турдубаев"),  N("Сатыбалдиев"), N("Эсенаманов"),
	N("Бообеков"),   N("Кадыров"),    N("Алымкулов"),  N("Молдокматов"), N("Ибраимов"),
	N("Исаков"),     N("Аманов"),     N("Бекмуратов"), N("Токтосунов"),  N("Үсөнов"),
	N("Шаршеев"),    N("Шамшиев"),    N("Жээнбаев"),   N("Өмүрбеков"),   N("Кочкоров"),
	N("Нурмаматов"), N("Чотонов"),
};
static const struct gen_name kg_male[] = {
	N("Бакыт"),      N("Азамат"),   N("Нурбек"), N("Эрмек"),   N("Улан"),
	N("Талант"),     N("Мирлан"),   N("Айбек"),  N("Жоомарт"), N("Чыңгыз"),
	N("Кубанычбек"), N("Бекболот"), N("Нурлан"), N("Самат"),   N("Тилек"),
	N("Өмүрбек"),    N("Эламан"),   N("Үмөт"),   N("Канат"),   N("Эркин"),
};
static const struct gen_name kg_female[] = {
	N("Айпери"),  N("Нургүл"),  N("Жылдыз"), N("Бермет"),  N("Айжан"),
	N("Чолпон"),  N("Гүлзат"),  N("Мээрим"), N("Асел"),    N("Назира"),
	N("Айзада"),  N("Бегимай"), N("Элиза"),  N("Гулнура"), N("Жазгүл"),
	N("Айганыш"), N("Чынара"),  N("Мөлдир"), N("Нуриза"),  N("Каныкей"),
};
static const struct gen_name kg_place[] = {
	N("Бишкек"), N("Ош"),    N("Жалал-Абад"), N("Баткен"),   N("Каракол"),
	N("Талас"),  N("Нарын"), N("Токмок"),     N("Кара-Суу"), N("Өзгөн"),
};

static const struct gen_name tj_sur[] = {
	N("Раҳмонов"),  N("Шарипов"),   N("Қурбонов"),  N("Назаров"),    N("Ҳакимов"),
	N("Ҷӯраев"),    N("Саидов"),    N("Юсуфов"),    N("Абдуллоев"),  N("Давлатов"),
	N("Раҳимзода"), N("Қодирзода"), N("Шарифзода"), N("Сафаров"),    N("Мирзоев"),
	N("Каримов"),   N("Ғафуров"),   N("Ашуров"),    N("Холов"),      N("Нуров"),
	N("Зиёев"),     N("Бобоев"),    N("Одинаев"),   N("Файзуллоев"), N("Ҳусейнов"),
	N("Исмоилов"),  N("Азимов"),    N("Ҳасанов"),   N("Тошев"),
};
static const struct gen_name tj_male[] = {
	N("Фарҳод"),   N("Шерзод"),   N("Ҷамшед"),  N("Абдулло"), N("Саидҷон"),
	N("Далер"),    N("Баҳтиёр"),  N("Фирдавс"), N("Парвиз"),  N("Рустам"),
	N("Сӯҳроб"),   N("Зафар"),    N("Меҳрон"),  N("Умед"),    N("Шоҳрух"),
	N("Манучеҳр"), N("Ҷаҳонгир"), N("Хуршед"),  N("Илҳом"),   N("Алишер"),
	N("Исмоил"),   N("Комрон"),   N("Наврӯз"),  N("Дилшод"),  N("Анвар"),
};
static const struct gen_name tj_female[] = {
	N("Мадина"),  N("Нигина"),  N("Зарина"),  N("Гулнора"), N("Шабнам"),
	N("Фарзона"), N("Мижгона"), N("Ситора"),  N("Манижа"),  N("Дилафрӯз"),
	N("Таҳмина"), N("Мунира"),  N("Парвина"), N("Нилуфар"), N("Гулчеҳра"),
	N("Садбарг"), N("Шаҳло"),   N("Зулайхо"), N("Рухшона"), N("Малика"),
};
static const struct gen_name tj_place[] = {
	N("Душанбе"),    N("Хуҷанд"),    N("Кӯлоб"),      N("Бохтар"), N("Хоруғ"),
	N("Истаравшан"), N("Панҷакент"), N("Турсунзода"), N("Исфара"), N("Ваҳдат"),
};

static const struct gen_name tm_sur[] = {
	N("Öwezow"),        N("Orazow"),   N("Ataýew"),        N("Hojaýew"),    N("Çaryýew"),
	N("Nurmuhammedow"), N("Garaýew"),  N("Rejepow"),       N("Gurbanow"),   N("Amanow"),
	N("Nazarow"),       N("Meredow"),  N("Durdyýew"),      N("Baýramow"),   N("Saparow"),
	N("Annaýew"),       N("Berdiýew"), N("Hudaýberdiýew"), N("Muhammedow"), N("Geldiýew"),
	N("Allaberdiýew"),  N("Söýünow"),  N("Kakaýew"),       N("Jumaýew"),    N("Pirgulyýew"),
};
static const struct gen_name tm_male[] = {
	N("Myrat"),    N("Döwlet"), N("Merdan"), N("Batyr"),    N("Ýusup"),  N("Maksat"),
	N("Atamyrat"), N("Begenç"), N("Şatlyk"), N("Arslan"),   N("Kerim"),  N("Guwanç"),
	N("Ata"),      N("Aman"),   N("Rahman"), N("Bahtiýar"), N("Nury"),   N("Wepa"),
	N("Ylýas"),    N("Perhat"), N("Azat"),   N("Dowran"),   N("Jeýhun"), N("Mekan"),
};
static const struct gen_name tm_female[] = {
	N("Aýgül"), N("Gülnara"), N("Jeren"),   N("Maýsa"),   N("Ogulbibi"),
	N("Bahar"), N("Aýna"),    N("Enejan"),  N("Gözel"),   N("Mähri"),
	N("Selbi"), N("Şirin"),   N("Ogulşat"), N("Aýjemal"), N("Sona"),
	N("Leýli"), N("Nazik"),   N("Läle"),    N("Merjen"),
};
static const struct gen_name tm_place[] = {
	N("Aşgabat"),    N("Türkmenabat"), N("Mary"),  N("Daşoguz"),
	N("Balkanabat"), N("Tejen"),       N("Farap"), N("Serdar"),
};

static const struct gen_name uz_sur[] = {
	N("Toshmatov"),     N("Rahimov"),  N("Yusupov"),    N("Abdullayev"), N("Ergashev"),
	N("Xolmatov"),      N("Sobirov"),  N("Tursunov"),   N("Mirzayev"),   N("Qodirov"),
	N("Gʻaniyev"),      N("Oʻrinov"),  N("Tojiboyev"),  N("Normatov"),   N("Haydarov"),
	N("Xudoyberdiyev"), N("Sharipov"), N("Nazarov"),    N("Umarov"),     N("Toʻxtasinov"),
	N("Qurbonov"),      N("Jurayev"),  N("Saidov"),     N("Hakimov"),    N("Ismoilov"),
	N("Mahmudov"),      N("Shukurov"), N("Yoʻldoshev"), N("Karimov"),    N("Ibrohimov"),
};
static const struct gen_name uz_male[] = {
	N("Alisher"),  N("Sherzod"),  N("Bekzod"), N("Jasur"),    N("Dilshod"),
	N("Oʻtkir"),   N("Sardor"),   N("Bobur"),  N("Jahongir"), N("Shoxrux"),
	N("Gʻayrat"),  N("Ulugʻbek"), N("Farrux"), N("Doniyor"),  N("Botir"),
	N("Baxtiyor"), N("Rustam"),   N("Anvar"),  N("Ilhom"),    N("Otabek"),
	N("Jamshid"),  N("Xurshid"),  N("Sanjar"), N("Akmal"),    N("Nodir"),
};
static const struct gen_name uz_female[] = {
	N("Dilnoza"), N("Gulnora"),  N("Nodira"), N("Shahnoza"),  N("Feruza"),
	N("Zarina"),  N("Oʻgʻiloy"), N("Munisa"), N("Madina"),    N("Dilfuza"),
	N("Sevara"),  N("Nigora"),   N("Malika"), N("Gulchehra"), N("Mohira"),
	N("Zulfiya"), N("Kamola"),   N("Laylo"),  N("Shahlo"),    N("Yulduz"),
};
static const struct gen_name uz_place[] = {
	N("Toshkent"), N("Samarqand"), N("Buxoro"), N("Andijon"), N("Namangan"), N("Fargʻona"),
	N("Termiz"),   N("Qarshi"),    N("Nukus"),  N("Olot"),    N("Guliston"),
};

static const struct gen_name ru_sur[] = {
	N("Иванов"),  N("Смирнов"),    N("Кузнецов"),   N("Попов"),   N("Соколов"),  N("Лебедев"),
	N("Козлов"),  N("Новиков"),    N("Морозов"),    N("Волков"),  N("Шевченко"), N("Щербаков"),
	N("Зайцев"),  N("Цой"),        N("Ким"),        N("Фёдоров"), N("Журавлёв"), N("Юдин"),
	N("Яковлев"), N("Хабибуллин"), N("Гончаренко"), N("Шульц"),   N("Белоусов"), N("Чернов"),
	N("Ефимов"),  N("Тимофеев"),   N("Гусев"),      N("Киселёв"), N("Ющенко"),   N("Завьялов"),
};
static const struct gen_name ru_male[] = {
	R("Александр", "Александров"),   R("Дмитрий", "Дмитриев"),
	R("Сергей", "Сергеев"),          R("Андрей", "Андреев"),
	R("Алексей", "Алексеев"),        R("Юрий", "Юрьев"),
	R("Евгений", "Евгеньев"),        R("Игорь", "Игорев"),
	R("Вячеслав", "Вячеславов"),     R("Максим", "Максимов"),
	R("Артём", "Артёмов"),           R("Фёдор", "Фёдоров"),
	R("Владимир", "Владимиров"),     R("Николай", "Николаев"),
	R("Виктор", "Викторов"),         R("Олег", "Олегов"),
	R("Михаил", "Михайлов"),         R("Павел", "Павлов"),
	R("Константин", "Константинов"), R("Григорий", "Григорьев"),
};
static const struct gen_name ru_female[] = {
	N("Елена"), N("Ольга"),     N("Наталья"),   N("Юлия"),      N("Татьяна"),
	N("Ирина"), N("Анастасия"), N("Екатерина"), N("Светлана"),  N("Ксения"),
	N("Жанна"), N("Людмила"),   N("Марина"),    N("Валентина"), N("Яна"),
	N("Дарья"), N("Алёна"),     N("Галина"),    N("Нина"),      N("Вера"),
};
static const struct gen_name ru_place[] = {
	N("Москва"), N("Новосибирск"), N("Омск"),    N("Оренбург"), N("Екатеринбург"),
	N("Самара"), N("Челябинск"),   N("Барнаул"), N("Казань"),   N("Астрахань"),
};

static const struct gen_name af_sur[] = {
	A("Ahmadzai", "احمدزی", "Ahmadzay"),
	A("Popalzai", "پوپلزی", "Popalzay"),
	A("Stanikzai", "ستانکزی", "Stanekzai"),
	A("Noori", "نوری", "Nuri"),
	A("Rahimi", "رحیمی", "Rahemi"),
	A("Hashimi", "هاشمی", "Hashemi"),
	A("Safi", "صافی", "Safee"),
	A("Sultani", "سلطانی", "Soltani"),
	A("Mohammadi", "محمدی", "Muhammadi"),
	A("Haidari", "حیدری", "Haydari"),
	A("Karimi", "کریمی", "Karemi"),
	A("Wardak", "وردک", "Wardag"),
	A("Amiri", "امیری", "Ameri"),
	A("Hussaini", "حسینی", "Hosseini"),
	A("Naseri", "ناصری", "Nasiri"),
	A("Jalali", "جلالی", "Jalaly"),
	A("Sadat", "سادات", "Saadat"),
	A("Nazari", "نظری", "Nazary"),
	A("Yousufzai", "یوسفزی", "Yusufzai"),
	A("Azizi", "عزیزی", "Azizy"),
	A("Habibi", "حبیبی", "Habeebi"),
	A("Rasuli", "رسولی", "Rasooli"),
	A("Samadi", "صمدی", "Samady"),
	A("Faizi", "فیضی", "Faizy"),
	A("Qaderi", "قادری", "Kaderi"),
};
static const struct gen_name af_male[] = {
	A("Mohammad", "محمد", "Muhammad"),
	A("Ahmad", "احمد", "Ahmed"),
	A("Abdul Rahman", "عبدالرحمن", "Abdurrahman"),
	A("Gul Agha", "گل آغا", "Gulagha"),
	A("Wali", "ولی", "Walli"),
	A("Rahmatullah", "رحمت‌الله", "Rahmatulla"),
	A("Zabihullah", "ذبیح‌الله", "Zabiullah"),
	A("Hamid", "حمید", "Hameed"),
	A("Nasir", "ناصر", "Naser"),
	A("Karim", "کریم", "Kareem"),
	A("Farid", "فرید", "Fareed"),
	A("Naqibullah", "نقیب‌الله", "Nakibullah"),
	A("Abdul Qadir", "عبدالقادر", "Abdulkadir"),
	A("Habibullah", "حبیب‌الله", "Habibulla"),
	A("Jawad", "جواد", "Javad"),
	A("Samiullah", "سمیع‌الله", "Samiulla"),
	A("Ehsan", "احسان", "Ihsan"),
	A("Bashir", "بشیر", "Basheer"),
	A("Najib", "نجیب", "Najeeb"),
	A("Yousuf", "یوسف", "Yusuf"),
	A("Mahmood", "محمود", "Mahmud"),
	A("Shafiq", "شفیق", "Shafeeq"),
	A("Khalil", "خلیل", "Kalil"),
	A("Aziz", "عزیز", "Azeez"),
};
static const struct gen_name af_female[] = {
	A("Fatima", "فاطمه", "Fatema"),      A("Zainab", "زینب", "Zaynab"),
	A("Mariam", "مریم", "Maryam"),       A("Shabana", "شبانه", "Shabanah"),
	A("Freshta", "فرشته", "Fereshta"),   A("Nargis", "نرگس", "Narges"),
	A("Palwasha", "پلوشه", "Palwashah"), A("Zarghona", "زرغونه", "Zarghuna"),
	A("Malalai", "ملالی", "Malalay"),    A("Roya", "رویا", "Rowya"),
	A("Shakila", "شکیلا", "Shakeela"),   A("Farzana", "فرزانه", "Farzanah"),
	A("Laila", "لیلا", "Layla"),         A("Sima", "سیما", "Seema"),
	A("Parwana", "پروانه", "Parwanah"),  A("Masooda", "مسعوده", "Masuda"),
	A("Hamida", "حمیده", "Hameeda"),     A("Nazifa", "نظیفه", "Nazefa"),
	A("Khadija", "خدیجه", "Khadijah"),
};
static const struct gen_name af_place[] = {
	A("Kabul", "کابل", NULL),        A("Mazar-i-Sharif", "مزارشریف", NULL),
	A("Kunduz", "کندز", NULL),       A("Herat", "هرات", NULL),
	A("Kandahar", "قندهار", NULL),   A("Jalalabad", "جلال‌آباد", NULL),
	A("Taloqan", "تالقان", NULL),    A("Faizabad", "فیض‌آباد", NULL),
	A("Sheberghan", "شبرغان", NULL), A("Hairatan", "حیرتان", NULL),
};

static const struct gen_names names[NAT_COUNT] = {
	[NAT_KZ] = { LIST(kz_sur), LIST(kz_male), LIST(kz_female), LIST(kz_place) },
	[NAT_KG] = { LIST(kg_sur), LIST(kg_male), LIST(kg_female), LIST(kg_place) },
	[NAT_TJ] = { LIST(tj_sur), LIST(tj_male), LIST(tj_female), LIST(tj_place) },
	[NAT_TM] = { LIST(tm_sur), LIST(tm_male), LIST(tm_female), LIST(tm_place) },
	[NAT_UZ] = { LIST(uz_sur), LIST(uz_male), LIST(uz_female), LIST(uz_place) },
	[NAT_RU] = { LIST(ru_sur), LIST(ru_male), LIST(ru_female), LIST(ru_place) },
	[NAT_AF] = { LIST(af_sur), LIST(af_male), LIST(af_female), LIST(af_place) },
};

const struct gen_names *gen_names_for(enum gen_nat nat)
{
	return &names[nat < NAT_COUNT ? nat : NAT_RU];
}

const struct gen_name *gen_name_pick(struct gen_rng *r, const struct gen_name_list *l)
{
	size_t n = gen_rng_chance(r, 500) ? l->n : (l->n + 2) / 3;
	return &l->v[gen_rng_below(r, n)];
}

/* ---- Cyrillic to Latin ---- */

struct tr {
	uint32_t cp; /* upper case */
	const char *s;
};

/* ICAO 9303 Part 3 Table B (the letters used here), then the national
 * letters it has no row for, as the passports of each country write them. */
static const struct tr icao[] = {
	{ 0x401, "E" },    { 0x404, "IE" }, { 0x406, "I" },  { 0x407, "I" },  { 0x40E, "U" },
	{ 0x410, "A" },    { 0x411, "B" },  { 0x412, "V" },  { 0x413, "G" },  { 0x414, "D" },
	{ 0x415, "E" },    { 0x416, "ZH" }, { 0x417, "Z" },  { 0x418, "I" },  { 0x419, "I" },
	{ 0x41A, "K" },    { 0x41B, "L" },  { 0x41C, "M" },  { 0x41D, "N" },  { 0x41E, "O" },
	{ 0x41F, "P" },    { 0x420, "R" },  { 0x421, "S" },  { 0x422, "T" },  { 0x423, "U" },
	{ 0x424, "F" },    { 0x425, "KH" }, { 0x426, "TS" }, { 0x427, "CH" }, { 0x428, "SH" },
	{ 0x429, "SHCH" }, { 0x42A, "IE" }, { 0x42B, "Y" },  { 0x42C, "" },   { 0x42D, "E" },
	{ 0x42E, "IU" },   { 0x42F, "IA" }, { 0x490, "G" },  { 0x492, "G" },  { 0x49A, "K" },
	{ 0x4A2, "N" },    { 0x4AE, "U" },  { 0x4B0, "U" },  { 0x4B2, "H" },  { 0x4B6, "J" },
	{ 0x4BA, "H" },    { 0x4D8, "A" },  { 0x4E2, "I" },  { 0x4E8, "O" },  { 0x4EE, "U" },
};

/* Tajik passports write Қ Q and Ғ GH (the Tajik Latin letters). */
static const struct tr tajik[] = { { 0x492, "GH" }, { 0x49A, "Q" } };
static const struct tr ru1997[] = {
	{ 0x419, "Y" },
	{ 0x42A, "" },
	{ 0x42E, "YU" },
	{ 0x42F, "YA" },
};
static const struct tr ru2010[] = { { 0x426, "TC" }, { 0x42A, "" } };
static const struct tr uzlatin[] = {
	{ 0x401, "YO" }, { 0x40E, "O'" }, { 0x416, "J" }, { 0x419, "Y" },
	{ 0x425, "X" },  { 0x42A, "'" },  { 0x42B, "I" }, { 0x42E, "YU" },
	{ 0x42F, "YA" }, { 0x492, "G'" }, { 0x49A, "Q" },
};
static const struct tr kzlatin[] = {
	{ 0x416, "J" },
	{ 0x419, "I" },
	{ 0x425, "H" },
	{ 0x426, "C" },
	{ 0x427, "\xC3\x87" },
	{ 0x428, "\xC5\x9E" },
	{ 0x429, "\xC5\x9E\xC5\x9E" },
	{ 0x42A, "" },
	{ 0x492, "\xC4\x9E" },
	{ 0x49A, "Q" },
	{ 0x4A2, "\xC3\x91" },
	{ 0x4AE, "\xC3\x9C" },
	{ 0x4B0, "\xC5\xAA" },
	{ 0x4D8, "\xC3\x84" },
	{ 0x4E8, "\xC3\x96" },
};
/* National letters as Russian records write them (Ҷ ДЖ, Ұ У, ...). */
static const struct tr russian[] = {
	{ 0x40E, "\xD0\xA3" }, { 0x492, "\xD0\x93" },         { 0x49A, "\xD0\x9A" },
	{ 0x4A2, "\xD0\x9D" }, { 0x4AE, "\xD0\xA3" },         { 0x4B0, "\xD0\xA3" },
	{ 0x4B2, "\xD0\xA5" }, { 0x4B6, "\xD0\x94\xD0\x96" }, { 0x4BA, "\xD0\xA5" },
	{ 0x4D8, "\xD0\x90" }, { 0x4E2, "\xD0\x98" },         { 0x4E8, "\xD0\x9E" },
	{ 0x4EE, "\xD0\xA3" }, { 0x406, "\xD0\x98" },
};

static const char *tr_find(const struct tr *t, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].cp == cp)
			return t[i].s;
	return NULL;
}

#define TR(t) t, sizeof(t) / sizeof((t)[0])

static const char *tr_cyrillic(uint32_t up, enum gen_nat nat, enum gen_sys sys)
{
	const char *s = NULL;
	if (sys == SYS_RU1997)
		s = tr_find(TR(ru1997), up);
	else if (sys == SYS_RU2010)
		s = tr_find(TR(ru2010), up);
	else if (sys == SYS_UZLATIN)
		s = tr_find(TR(uzlatin), up);
	else if (sys == SYS_KZLATIN)
		s = tr_find(TR(kzlatin), up);
	if (!s && nat == NAT_TJ && sys == SYS_ICAO)
		s = tr_find(TR(tajik), up);
	return s ? s : tr_find(TR(icao), up);
}

/* Latin letters with diacritics: Doc 9303 Table A. */
static const char *tr_latin(uint32_t c)
{
	static const struct tr t[] = {
		{ 0xE4, "AE" }, { 0xF6, "OE" }, { 0xFC, "UE" }, { 0xE7, "C" },  { 0x15F, "S" },
		{ 0x17E, "Z" }, { 0x148, "N" }, { 0xFD, "Y" },  { 0x11F, "G" }, { 0x131, "I" },
		{ 0xE9, "E" },  { 0xF1, "N" },  { 0x16B, "U" }, { 0xE1, "A" },  { 0xED, "I" },
	};
	return tr_find(TR(t), latin_lower(c));
}

static int put_upper_ascii(struct strbuf *out, uint32_t c)
{
	char ch = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
	return strbuf_addch(out, ch) ? -ENOMEM : 0;
}

/* Append the transliteration of one code point; RICS_E_INVALID if none. */
static int translit_cp(uint32_t c, enum gen_nat nat, enum gen_sys sys, struct strbuf *out)
{
	const char *s;

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return put_upper_ascii(out, c);
	if (c == ' ' || c == '-' || c == '\t')
		return strbuf_addch(out, ' ') ? -ENOMEM : 0;
	if (is_apostrophe(c) || c == '.' || c == 0x200C)
		return 0;
	if (c >= 0x400 && c <= 0x4FF) {
		uint32_t up = cyr_upper(c);
		if (sys == SYS_RUSSIAN && (s = tr_find(TR(russian), up)) != NULL)
			return gen_translit(s, nat, SYS_ICAO, out);
		s = tr_cyrillic(up, nat, sys);
	} else {
		s = tr_latin(c);
	}
	if (!s)
		return RICS_E_INVALID;
	return strbuf_adds(out, s) ? -ENOMEM : 0;
}

int gen_translit(const char *name, enum gen_nat nat, enum gen_sys sys, struct strbuf *out)
{
	const char *s = name;
	size_t start = out->len;
	uint32_t c;
	int rc = 0;

	while (!rc && (c = gen_utf8_next(&s)) != 0) {
		if (c == ' ' && (out->len == start || out->buf[out->len - 1] == ' '))
			continue;
		rc = translit_cp(c, nat, sys, out);
	}
	while (!rc && out->len > start && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	return rc;
}

/* ---- Latin to Cyrillic (Uzbek and Turkmen names in Russian records) ---- */

struct rev {
	const char *lat; /* lower case */
	const char *cyr;
};

static const struct rev uz_rev[] = {
	{ "o'", "ў" }, { "g'", "ғ" }, { "sh", "ш" }, { "ch", "ч" }, { "yo", "ё" }, { "yu", "ю" },
	{ "ya", "я" }, { "ye", "е" }, { "a", "а" },  { "b", "б" },  { "c", "ц" },  { "d", "д" },
	{ "e", "е" },  { "f", "ф" },  { "g", "г" },  { "h", "ҳ" },  { "i", "и" },  { "j", "ж" },
	{ "k", "к" },  { "l", "л" },  { "m", "м" },  { "n", "н" },  { "o", "о" },  { "p", "п" },
	{ "q", "қ" },  { "r", "р" },  { "s", "с" },  { "t", "т" },  { "u", "у" },  { "v", "в" },
	{ "x", "х" },  { "y", "й" },  { "z", "з" },  { "'", "ъ" },
};

static const struct rev tm_rev[] = {
	{ "ýe", "е" }, { "ýa", "я" }, { "ýu", "ю" }, { "ýo", "ё" }, { "a", "а" }, { "ä", "а" },
	{ "b", "б" },  { "ç", "ч" },  { "d", "д" },  { "e", "е" },  { "f", "ф" }, { "g", "г" },
	{ "h", "х" },  { "i", "и" },  { "j", "дж" }, { "ž", "ж" },  { "k", "к" }, { "l", "л" },
	{ "m", "м" },  { "n", "н" },  { "ň", "н" },  { "o", "о" },  { "ö", "о" }, { "p", "п" },
	{ "r", "р" },  { "s", "с" },  { "ş", "ш" },  { "t", "т" },  { "u", "у" }, { "ü", "у" },
	{ "w", "в" },  { "y", "ы" },  { "ý", "й" },  { "z", "з" },
};

/* The name in lower case, every apostrophe as '\''. */
static int lower_name(const char *name, struct strbuf *out)
{
	const char *s = name;
	uint32_t c;
	int rc = 0;
	while (!rc && (c = gen_utf8_next(&s)) != 0)
		rc = rics_text_put_utf8(out, is_apostrophe(c) ? '\'' : latin_lower(c));
	return rc;
}

/* Append one letter, upper case at the start of a word. */
static int put_cyr(struct strbuf *out, const char *cyr, bool word_start)
{
	const char *s = cyr;
	uint32_t c = gen_utf8_next(&s);
	int rc = rics_text_put_utf8(out, word_start ? cyr_upper(c) : c);
	return rc ? rc : (strbuf_adds(out, s) ? -ENOMEM : 0);
}

static int rev_word_start(const char *p, const char *low, struct strbuf *out, bool *start)
{
	if (*p == ' ' || *p == '-') {
		*start = true;
		return strbuf_addch(out, *p) ? -ENOMEM : 0;
	}
	*start = p == low || p[-1] == ' ' || p[-1] == '-';
	return 1;
}

int gen_to_cyrillic(const char *name, enum gen_nat nat, struct strbuf *out)
{
	const struct rev *t = nat == NAT_UZ ? uz_rev : tm_rev;
	size_t n = nat == NAT_UZ ? sizeof uz_rev / sizeof *uz_rev : sizeof tm_rev / sizeof *tm_rev;
	struct strbuf low;
	int rc;

	if (nat != NAT_UZ && nat != NAT_TM)
		return strbuf_adds(out, name) ? -ENOMEM : 0;
	strbuf_init(&low, 0);
	rc = lower_name(name, &low);
	for (const char *p = low.buf; !rc && *p;) {
		bool start;
		size_t i;
		if ((rc = rev_word_start(p, low.buf, out, &start)) <= 0) {
			p++;
			continue;
		}
		rc = 0;
		for (i = 0; i < n && strncmp(p, t[i].lat, strlen(t[i].lat)); i++)
			;
		if (i == n) { /* a letter without a rule: kept */
			const char *q = p;
			rc = rics_text_put_utf8(out, gen_utf8_next(&q));
			p = q;
			continue;
		}
		/* a word-initial e is э */
		rc = put_cyr(out, start && !strcmp(t[i].lat, "e") ? "э" : t[i].cyr, start);
		p += strlen(t[i].lat);
	}
	strbuf_release(&low);
	return rc;
}

int gen_russify(const char *name, struct strbuf *out)
{
	const char *s = name;
	uint32_t c;
	int rc = 0;
	while (!rc && (c = gen_utf8_next(&s)) != 0) {
		uint32_t up = cyr_upper(c);
		const char *r = up == 0x4B6 ? NULL : tr_find(TR(russian), up);
		if (r && up != c) { /* a lower-case letter: the lower Russian one */
			const char *q = r;
			uint32_t rl = gen_utf8_next(&q);
			rc = rics_text_put_utf8(out, rl >= 0x410 && rl <= 0x42F ? rl + 0x20 : rl);
		} else if (r) {
			rc = strbuf_adds(out, r) ? -ENOMEM : 0;
		} else if (up == 0x4B6) { /* Ҷ: Дж */
			rc = strbuf_adds(out, up == c ? "Дж" : "дж") ? -ENOMEM : 0;
		} else {
			rc = rics_text_put_utf8(out, c);
		}
	}
	return rc;
}

/* ---- gendered forms ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

int gen_feminine(const char *surname, enum gen_nat nat, struct strbuf *out)
{
	static const char *const cyr[] = { "ов", "ев", "ёв", "ин", "ын", NULL };
	static const char *const uz[] = { "ov", "ev", "in", NULL };
	static const char *const tm[] = { "ow", "ew", NULL };
	const char *const *suf = nat == NAT_UZ ? uz :
				 nat == NAT_TM ? tm :
				 nat == NAT_AF ? NULL :
						 cyr;
	size_t n = strlen(surname);

	if (ends_with(surname, "ский") || ends_with(surname, "цкий")) {
		return strbuf_add(out, surname, n - strlen("ий")) || strbuf_adds(out, "ая") ?
			       -ENOMEM :
			       0;
	}
	for (size_t i = 0; suf && suf[i]; i++)
		if (ends_with(surname, suf[i]))
			return strbuf_adds(out, surname) ||
					       strbuf_adds(out, nat == NAT_UZ || nat == NAT_TM ?
									"a" :
									"а") ?
				       -ENOMEM :
				       0;
	return strbuf_adds(out, surname) ? -ENOMEM : 0;
}

static uint32_t last_cp(const char *s)
{
	uint32_t c, last = 0;
	while ((c = gen_utf8_next(&s)) != 0)
		last = c;
	return last;
}

static bool cyr_vowel(uint32_t c)
{
	static const uint32_t v[] = { 0x430, 0x435, 0x438, 0x43E, 0x443, 0x44B, 0x44D,
				      0x44E, 0x44F, 0x451, 0x4E3, 0x4EF, 0x4D9, 0x4E9 };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (v[i] == c)
			return true;
	return false;
}

/* Нурлан -> Нурланович, Абдулло -> Абдуллоевич, Ахмадий -> Ахмадиевич. */
static int russian_style(const char *father, char sex, struct strbuf *out)
{
	uint32_t last = last_cp(father);
	size_t n = strlen(father);
	int rc;

	if (last == 0x439 || last == 0x44C) /* й, ь */
		rc = strbuf_add(out, father, n - 2) || strbuf_adds(out, "ев");
	else
		rc = strbuf_adds(out, father) || strbuf_adds(out, cyr_vowel(last) ? "ев" : "ов");
	if (!rc)
		rc = strbuf_adds(out, sex == 'F' ? "на" : "ич");
	return rc ? -ENOMEM : 0;
}

static bool latin_vowel(uint32_t c)
{
	return c && strchr("aeiouy", (int)(c < 0x80 ? c : 'x')) != NULL;
}

static int latin_style(const char *father, enum gen_nat nat, char sex, struct strbuf *out)
{
	bool vowel = latin_vowel(last_cp(father)) || last_cp(father) == 0xE4 ||
		     last_cp(father) == 0xFC;
	const char *suf;
	if (nat == NAT_TM)
		suf = vowel ? (sex == 'F' ? "ýewna" : "ýewiç") : (sex == 'F' ? "owna" : "owiç");
	else
		suf = vowel ? (sex == 'F' ? "yevna" : "yevich") : (sex == 'F' ? "ovna" : "ovich");
	return strbuf_adds(out, father) || strbuf_adds(out, suf) ? -ENOMEM : 0;
}

static int national_style(const char *father, enum gen_nat nat, char sex, struct strbuf *out)
{
	const char *suf = NULL;
	switch (nat) {
	case NAT_KZ: suf = sex == 'F' ? "қызы" : "ұлы"; break;
	case NAT_KG: suf = sex == 'F' ? " кызы" : " уулу"; break;
	case NAT_UZ: suf = sex == 'F' ? " qizi" : " oʻgʻli"; break;
	case NAT_TM: return latin_style(father, nat, sex, out);
	case NAT_AF: return strbuf_adds(out, father) ? -ENOMEM : 0;
	default: return russian_style(father, sex, out);
	}
	return strbuf_adds(out, father) || strbuf_adds(out, suf) ? -ENOMEM : 0;
}

int gen_patronymic(const char *father, const char *ru_stem, enum gen_nat nat, char sex,
		   enum gen_patro_style style, struct strbuf *out)
{
	struct strbuf r;
	int rc;

	if (ru_stem)
		return strbuf_adds(out, ru_stem) || strbuf_adds(out, sex == 'F' ? "на" : "ич") ?
			       -ENOMEM :
			       0;
	if (style == PATRO_NATIONAL || nat == NAT_AF || nat == NAT_TM)
		return national_style(father, nat, sex, out);
	if (nat == NAT_UZ)
		return latin_style(father, nat, sex, out);
	strbuf_init(&r, 0);
	rc = nat == NAT_TJ ? strbuf_adds(&r, father) : gen_russify(father, &r);
	if (!rc)
		rc = russian_style(r.buf, sex, out);
	strbuf_release(&r);
	return rc;
}

/* ---- typing errors ---- */

#define TYPO_MAX 96

static uint32_t confusable(uint32_t c)
{
	static const char lat_from[] = "aeiouyksztdbpmnrlvwgjxcf";
	static const char lat_to[] = "eiyuoiqzsdtpbnmlrwvkzhsp";
	static const uint32_t cyr[][2] = {
		{ 0x430, 0x43E }, { 0x43E, 0x430 }, { 0x435, 0x438 }, { 0x438, 0x435 },
		{ 0x44B, 0x438 }, { 0x441, 0x437 }, { 0x437, 0x441 }, { 0x442, 0x434 },
		{ 0x434, 0x442 }, { 0x431, 0x43F }, { 0x43F, 0x431 }, { 0x43C, 0x43D },
		{ 0x43D, 0x43C }, { 0x43A, 0x433 }, { 0x433, 0x43A }, { 0x443, 0x44E },
		{ 0x43B, 0x440 }, { 0x440, 0x43B }, { 0x432, 0x444 }, { 0x445, 0x43A },
		{ 0x436, 0x448 }, { 0x448, 0x449 }, { 0x447, 0x448 }, { 0x439, 0x438 },
	};
	uint32_t low = c >= 'A' && c <= 'Z' ? c + 32 : c;
	const char *p = low < 0x80 && low ? strchr(lat_from, (int)low) : NULL;

	if (p)
		return (uint32_t)lat_to[p - lat_from] - (c != low ? 32 : 0);
	for (size_t i = 0; i < sizeof cyr / sizeof *cyr; i++)
		if (cyr[i][0] == c)
			return cyr[i][1];
	return 0;
}

static bool is_letter(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0;
}

static void typo_apply(struct gen_rng *r, uint32_t *cp, size_t *n)
{
	size_t p = 1 + (size_t)gen_rng_below(r, *n - 1);
	unsigned op = (unsigned)gen_rng_below(r, 4);
	uint32_t c = confusable(cp[p]);

	if (!is_letter(cp[p]))
		op = 3;
	if (op == 0 && c) {
		cp[p] = c;
	} else if (op == 1 && *n > 3) {
		memmove(cp + p, cp + p + 1, (*n - p - 1) * sizeof *cp);
		(*n)--;
	} else if (op == 2 && *n < TYPO_MAX) {
		memmove(cp + p + 1, cp + p, (*n - p) * sizeof *cp);
		(*n)++;
	} else if (p + 1 < *n && is_letter(cp[p + 1]) && cp[p] != cp[p + 1]) {
		uint32_t t = cp[p];
		cp[p] = cp[p + 1];
		cp[p + 1] = t;
	} else if (c) {
		cp[p] = c;
	} else if (*n > 3) {
		memmove(cp + p, cp + p + 1, (*n - p - 1) * sizeof *cp);
		(*n)--;
	}
}

int gen_typo(struct gen_rng *r, const char *name, struct strbuf *out)
{
	uint32_t cp[TYPO_MAX], c;
	const char *s = name;
	size_t n = 0;
	int rc = 0;

	while ((c = gen_utf8_next(&s)) != 0 && n < TYPO_MAX)
		cp[n++] = c;
	if (n >= 3)
		typo_apply(r, cp, &n);
	for (size_t i = 0; i < n && !rc; i++)
		rc = rics_text_put_utf8(out, cp[i]);
	return rc;
}
