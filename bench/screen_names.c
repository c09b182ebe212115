// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Synthetic watchlist persons and labelled queries for the screening
 * benchmark; the contract is in screen_names.h. The pools hold common given
 * names and surname stems of each origin, written in its national Cyrillic
 * (Afghan names in Arabic script, with their usual Latin and Cyrillic
 * spellings); surnames are made the way the region makes them, from a
 * given name or stem and -ов/-ев, -баев, -беков, -зода. Persons are random
 * combinations with Zipf-like frequencies, so some names are common (a
 * watchlist of a million has many namesakes) and most are rare. The
 * transliteration tables here are written independently of
 * src/screen/normalize.c, from the national alphabets and ICAO 9303.
 */
#include "screen_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- generator ---- */

uint32_t synth_rng_below(struct gen_rng *r, uint32_t n)
{
	return (uint32_t)gen_rng_below(r, n);
}

bool synth_rng_chance(struct gen_rng *r, unsigned percent)
{
	return gen_rng_chance(r, percent * 10);
}

/* ---- the pools ---- */

/* clang-format off: tables of names, one line per few names */
/* Given names, the most frequent first. Male names are also surname stems
 * and fathers' names. */
static const char *const kaz_male[] = {
	"Нұрлан",   "Ерлан",   "Асқар",    "Бауыржан", "Дәурен", "Ержан",    "Айбек",    "Мұрат",
	"Серік",    "Қайрат",  "Дәулет",   "Арман",    "Ғалым",  "Жандос",   "Талғат",   "Нұржан",
	"Ерболат",  "Ербол",   "Бақытжан", "Мейрам",   "Азамат", "Руслан",   "Ермек",    "Қанат",
	"Марат",    "Самат",   "Тимур",    "Әділ",     "Бекзат", "Жанболат", "Еркін",    "Ғабит",
	"Мақсат",   "Олжас",   "Ерасыл",   "Әлібек",   "Дастан", "Ақан",     "Ілияс",    "Сәкен",
	"Темірлан", "Жасұлан", "Болат",    "Берік",    "Ахмет",  "Оспан",    "Қасым",    "Ысқақ",
	"Сейіт",    "Тұрсын",  "Есен",     "Жанат",    "Әбіл",   "Рахым",    "Кенжебек", "Төлеген",
	"Мұхтар",   "Әмір",    "Саят",     "Бейбіт",   "Нұрбол", "Ерік",     "Ғани",
};
static const char *const kaz_female[] = {
	"Айгүл",   "Гүлнара", "Әйгерім",  "Жанар",   "Дина",   "Салтанат", "Жұлдыз",  "Мәдина",
	"Ақмарал", "Гүлжан",  "Ботагөз",  "Аружан",  "Жансая", "Динара",   "Назерке", "Сәуле",
	"Гүлмира", "Ләззат",  "Айжан",    "Меруерт", "Балжан", "Айнұр",    "Перизат", "Сымбат",
	"Әсел",    "Гауһар",  "Қарлығаш", "Бибігүл", "Жазира", "Индира",   "Ұлжан",   "Толқын",
	"Шынар",   "Раушан",  "Күләш",    "Зере",    "Аяжан",  "Данагүл",  "Мөлдір",  "Нұргүл",
	"Әлия",    "Роза",    "Сара",     "Қамила",  "Ақбота", "Томирис",  "Гүлназ",
};
static const char *const kaz_roots[] = {
	"Әбдіхалық", "Жұмабай", "Сәрсенбай",   "Төлеубай",   "Мұхамеджан", "Құдайберген",
	"Жақсылық",  "Байжан",  "Нұрмағамбет", "Шәріп",      "Әли",        "Бекмұханбет",
	"Мырзахмет", "Сыздық",  "Өмірзақ",     "Қожахмет",   "Сағынтай",   "Тілеуберді",
	"Кенжебай",  "Ыбырай",  "Жетпісбай",   "Әбдірахман", "Сұлтанбек",  "Иманғали",
	"Дүйсенбай", "Есенжол", "Байғазы",     "Тоқтар",     "Омар",       "Смағұл",
	"Үмбетәлі",  "Оразалы",
};
static const char *const kaz_morphs[] = {
	"Нұр",   "Ер",   "Ай",     "Жан",  "Бақ",    "Сайын", "Тұр",   "Ақ",    "Жұма",  "Дос",
	"Мұқан", "Кен",  "Құл",    "Әлім", "Есен",   "Ораз",  "Тоқ",   "Шал",   "Қыдыр", "Сәт",
	"Тілеу", "Мұса", "Өтеген", "Қали", "Сұлтан", "Жақып", "Қожа",  "Шәкен", "Төле",  "Мырза",
	"Сапар", "Әбді", "Бекен",  "Ұзақ", "Аман",   "Жаңа",  "Кәрім", "Сағын", "Тұрар", "Омар",
};
static const char *const kaz_seconds[] = {
	"бек",    "бай",  "жан", "ғали",  "құл", "тай", "хан",   "мұрат",  "болат",
	"сұлтан", "ғазы", "тас", "ахмет", "жол", "бол", "ділда", "берген", "қожа",
};
static const char *const kaz_msufs[] = { "баев",  "беков", "жанов", "ғалиев",
					 "құлов", "таев",  "ханов" };

static const char *const kgz_male[] = {
	"Азамат",     "Нурбек",   "Бакыт",     "Эрлан",    "Алмазбек", "Улан",      "Төлөгөн",
	"Кубанычбек", "Айбек",    "Мирлан",    "Канат",    "Эмил",     "Бекжан",    "Адилет",
	"Нурлан",     "Темирлан", "Жоомарт",   "Эркин",    "Бактыбек", "Чыңгыз",    "Талант",
	"Асан",       "Үсөн",     "Осмон",     "Сыдык",    "Кадыр",    "Мамбет",    "Токтосун",
	"Бакир",      "Алымбек",  "Сатыбалды", "Мырзабек", "Жолдош",   "Сулайман",  "Табылды",
	"Мукаш",      "Жумабек",  "Өмүрбек",   "Турдубек", "Бообек",   "Дүйшөн",    "Эсен",
	"Самат",      "Улукбек",  "Медер",     "Айдар",    "Бейшен",   "Абдыкадыр", "Тилек",
	"Кылычбек",   "Мелис",
};
static const char *const kgz_female[] = {
	"Айгерим",  "Бермет",  "Чолпон",  "Жыпар",   "Гүлзат",   "Айпери",  "Нургүл",   "Айжамал",
	"Асель",    "Гүлнара", "Динара",  "Жаңыл",   "Назира",   "Мээрим",  "Бурул",    "Айзада",
	"Жылдыз",   "Сезим",   "Элмира",  "Гүлмира", "Айнура",   "Нуриза",  "Бактыгүл", "Каныкей",
	"Толгонай", "Салкын",  "Гүлайым", "Эльвира", "Жийдегүл", "Айсулуу", "Нурзада",  "Бегимай",
	"Акылай",   "Мариям",  "Чынара",  "Асема",   "Венера",   "Кундуз",  "Айчүрөк",  "Зарина",
};
static const char *const kgz_roots[] = {
	"Абдыраим", "Бейшенали", "Эсенгул",   "Токтогул", "Керимбек",   "Сооронбай",  "Ташмат",
	"Шаршен",   "Сагынбек",  "Орозбек",   "Исак",     "Курман",     "Маматкерим", "Молдо",
	"Ысмайыл",  "Абдылда",   "Арстанбек", "Болот",    "Кудайберди", "Осмонали",
};
static const char *const kgz_morphs[] = {
	"Нур",   "Эр",    "Ай",    "Жан",  "Бак",   "Тур",   "Ак",    "Жума",  "Дос",   "Мамат",
	"Ороз",  "Токто", "Аман",  "Кул",  "Эсен",  "Сары",  "Абды",  "Бекте", "Молдо", "Сатар",
	"Жусуп", "Осмон", "Кадыр", "Алым", "Табыл", "Бейше", "Мурат", "Шамшы", "Үсөн",  "Эмил",
};
static const char *const kgz_seconds[] = {
	"бек",   "бай",    "жан",  "али", "кул",  "тай",   "хан",   "мурат",
	"болот", "султан", "газы", "таш", "кожо", "берди", "келди",
};
static const char *const kgz_msufs[] = {
	"баев", "беков", "алиев", "кулов", "таев", "жанов", "ханов"
};

static const char *const tjk_male[] = {
	"Ҷамшед",    "Фирӯз",   "Шодмон",   "Бахтиёр", "Далер",  "Фаридун",  "Манучеҳр",
	"Сӯҳроб",    "Алишер",  "Рустам",   "Хуршед",  "Парвиз", "Шаҳбоз",   "Исмоил",
	"Раҳим",     "Карим",   "Қурбон",   "Ҳасан",   "Ҳусейн", "Саид",     "Назар",
	"Шариф",     "Ғафур",   "Мирзо",    "Абдулло", "Давлат", "Юсуф",     "Раҷаб",
	"Сафар",     "Ашур",    "Бобо",     "Зиё",     "Ҳайдар", "Тоҳир",    "Файзулло",
	"Латиф",     "Нурулло", "Муҳаммад", "Қодир",   "Ҳаким",  "Амир",     "Абдураҳмон",
	"Сангин",    "Ҷалол",   "Маҳмуд",   "Салим",   "Умед",   "Меҳроб",   "Фаррух",
	"Ёдгор",     "Зафар",   "Навруз",   "Шерзод",  "Азиз",   "Муҳиддин", "Насим",
	"Исфандиёр", "Аброр",   "Дилшод",
};
static const char *const tjk_female[] = {
	"Мадина",   "Нигора",    "Зарина",   "Гулнора",  "Фарзона",  "Малика",  "Шаҳло",
	"Таҳмина",  "Дилноза",   "Манижа",   "Сабина",   "Мавҷуда",  "Парвина", "Фируза",
	"Зебо",     "Нилуфар",   "Шабнам",   "Гулчеҳра", "Мунира",   "Сурайё",  "Лола",
	"Рухшона",  "Меҳрангез", "Дилором",  "Ситора",   "Шаҳзода",  "Нодира",  "Гулбаҳор",
	"Фарангис", "Заррина",   "Меҳрона",  "Сафина",   "Мижгона",  "Тоҳира",  "Ҳусния",
	"Рухсора",  "Ойша",      "Носиба",   "Ширин",    "Муҳаббат", "Гулноза", "Бибисоро",
	"Зулайҳо",  "Нозанин",   "Дилафрӯз",
};
static const char *const tjk_roots[] = {
	"Раҳмон",     "Шо",        "Хол",        "Одина",      "Ҳамро",     "Саъдулло",
	"Ҷумъа",      "Қосим",     "Тағой",      "Эшон",       "Мурод",     "Неъмат",
	"Ҳикмат",     "Иброҳим",   "Наҷмиддин",  "Баҳром",     "Шерали",    "Қаҳҳор",
	"Абдуҷаббор", "Абдусалом", "Абдурашид",  "Абдулҳамид", "Азизулло",  "Асадулло",
	"Баҳриддин",  "Зайниддин", "Иззатулло",  "Камолиддин", "Лоиқ",      "Маъруф",
	"Назрулло",   "Нуриддин",  "Раҳматулло", "Саидмурод",  "Сайфулло",  "Сиёвуш",
	"Тоҷиддин",   "Убайдулло", "Фатҳулло",   "Ҳабибулло",  "Ҳамидулло", "Шамсиддин",
	"Шоҳмурод",   "Эраҷ",      "Ғулом",      "Ҷамолиддин", "Ҷӯрабек",   "Даврон",
	"Бурҳон",     "Шавкат",    "Музаффар",   "Неъматулло", "Ориф",      "Пӯлод",
	"Сабзалӣ",    "Хайрулло",  "Султон",     "Амон",       "Оли",       "Боқӣ",
};
static const char *const tjk_morphs[] = {
	"Абду",  "Саъд", "Наҷм",  "Фахр", "Шамс",  "Камол", "Нур",    "Зайн",   "Ҷамол",  "Баҳр",
	"Қамар", "Зиё",  "Ҳабиб", "Асад", "Фатҳ",  "Иззат", "Файз",   "Раҳмат", "Неъмат", "Ҳамид",
	"Азиз",  "Сайф", "Хайр",  "Назр", "Убайд", "Шер",   "Давлат", "Мир",    "Сафар",  "Ғиёс",
};
static const char *const tjk_seconds[] = {
	"улло", "иддин", "мурод", "али", "ҷон", "бек", "шо", "хон",
};

static const char *const uzb_male[] = {
	"Алишер",    "Ботир",      "Нодир",  "Жасур",  "Шерзод",  "Баҳодир",  "Улуғбек",
	"Ўткир",     "Фаррух",     "Жамшид", "Отабек", "Сардор",  "Равшан",   "Дилшод",
	"Хуршид",    "Аброр",      "Бекзод", "Азиз",   "Шавкат",  "Рустам",   "Анвар",
	"Тимур",     "Акмал",      "Собир",  "Илҳом",  "Зафар",   "Ғайрат",   "Элёр",
	"Жаҳонгир",  "Мансур",     "Неъмат", "Ойбек",  "Саидбек", "Тўлқин",   "Умид",
	"Файзулла",  "Ҳасан",      "Ҳусан",  "Шоҳрух", "Ёқуб",    "Қаҳрамон", "Муҳаммадали",
	"Абдулазиз", "Абдураҳмон", "Эркин",  "Шуҳрат", "Юсуф",    "Мирзо",    "Носир",
	"Турсун",    "Эргаш",      "Қодир",  "Ҳамид",  "Султон",  "Холмат",   "Жўра",
	"Маҳмуд",    "Шукур",      "Усмон",  "Исмоил", "Азим",    "Наби",     "Ашур",
	"Акбар",     "Мўмин",      "Эшмат",  "Раҳмат",
};
static const char *const uzb_female[] = {
	"Нодира",  "Дилноза", "Гулнора",  "Зарина",  "Малика",  "Феруза",  "Шаҳноза", "Моҳира",
	"Нигора",  "Юлдуз",   "Гулчеҳра", "Дилфуза", "Муниса",  "Ситора",  "Сабина",  "Зулфия",
	"Лайло",   "Мадина",  "Нилуфар",  "Ўғилой",  "Гўзал",   "Шаҳзода", "Дилором", "Барно",
	"Севара",  "Умида",   "Камола",   "Озода",   "Мафтуна", "Ҳилола",  "Гулшода", "Мунира",
	"Наргиза", "Дилбар",  "Райҳон",   "Раъно",   "Сайёра",  "Тўтихон", "Хурсанд", "Шоира",
	"Ёқутой",  "Замира",  "Мавжуда",  "Робия",   "Санобар",
};
static const char *const uzb_roots[] = {
	"Тўхтасин",   "Абдулла",    "Юсуп",     "Карим",  "Раҳим",   "Ўринбой", "Бобожон",
	"Раҳматулла", "Ғулом",      "Тошпўлат", "Йўлдош", "Шарип",   "Норбой",  "Худойберди",
	"Тоштемир",   "Эгамберди",  "Қўчқор",   "Ҳайит",  "Жўрабой", "Саттор",  "Мамат",
	"Иброҳим",    "Абдуғаффор", "Рўзи",     "Бозор",  "Нурмат",  "Хўжа",    "Қурбон",
};
static const char *const uzb_morphs[] = {
	"Тош",   "Эш",   "Нор",  "Хол", "Ўр",   "Бой",  "Хўжа", "Эр",  "Ҳаёт", "Қўзи", "Тўра",
	"Пўлат", "Жўра", "Саид", "Мир", "Абду", "Исро", "Файз", "Шер", "Рўзи", "Бахт", "Ой",
};
static const char *const uzb_seconds[] = {
	"қул", "мат", "берди", "мурод", "жон",   "бой",   "бек",
	"али", "тош", "пўлат", "хўжа",  "назар", "қобил", "ёр",
};
static const char *const uzb_msufs[] = { "қулов", "матов", "бердиев", "муродов",
					 "жонов", "боев",  "беков" };

static const char *const tkm_male[] = {
	"Мерет",    "Ровшен",   "Сердар",   "Батыр",  "Аннамурат",   "Гурбан",  "Довлет",  "Мекан",
	"Атамурат", "Нуры",     "Байрам",   "Чары",   "Овез",        "Берди",   "Ата",     "Розы",
	"Ходжа",    "Аман",     "Язмурад",  "Реджеп", "Сапар",       "Кака",    "Джума",   "Мурад",
	"Аннагулы", "Халназар", "Гельди",   "Бегенч", "Ораз",        "Агаджан", "Хыдыр",   "Таган",
	"Ягмур",    "Шатлык",   "Мухаммет", "Арслан", "Максат",      "Мырат",   "Какабай", "Пенджи",
	"Атаджан",  "Гуванч",   "Ыхлас",    "Дурды",  "Ширмухаммет", "Акмырат", "Яйлым",
};
static const char *const tkm_female[] = {
	"Огулджан", "Айна",      "Гульшат",  "Джерен",    "Мая",     "Огулбике",  "Сельби",
	"Маралгул", "Бахар",     "Айгул",    "Гозель",    "Ширин",   "Лейли",     "Энеджан",
	"Джемал",   "Огулшат",   "Тязегуль", "Мяхри",     "Гульнар", "Акджагуль", "Нязик",
	"Аннагуль", "Огулнабат", "Бибиджан", "Говхер",    "Джахан",  "Энеш",      "Кейик",
	"Мерджен",  "Набат",     "Сона",     "Гулджахан",
};
static const char *const tkm_roots[] = {
	"Меред", "Ораздурды", "Нурмухаммед", "Аннаберди", "Гельдимурад", "Ходжамурад",
	"Бяшим", "Хемра",     "Оразмурад",   "Мамед",     "Керим",       "Сейит",
};
static const char *const tkm_morphs[] = {
	"Ата", "Анна",  "Гурбан", "Ораз", "Халлы", "Бег",   "Сапар", "Аман",
	"Бер", "Назар", "Ходжа",  "Як",   "Кул",   "Дурды", "Гылыч", "Нур",
};
static const char *const tkm_seconds[] = {
	"гулы", "мырат", "берди", "гелди", "назар", "дурды",
	"бай",  "джан",  "ораз",  "хан",   "мамед", "сахат",
};
static const char *const tkm_msufs[] = { "гулыев",  "мырадов", "бердиев", "гелдиев",
					 "назаров", "дурдыев", "баев" };

static const char *const rus_male[] = {
	"Александр", "Сергей",   "Андрей",   "Дмитрий",    "Алексей", "Юрий",      "Евгений",
	"Фёдор",     "Семён",    "Илья",     "Максим",     "Игорь",   "Олег",      "Вячеслав",
	"Николай",   "Владимир", "Михаил",   "Иван",       "Павел",   "Виктор",    "Артём",
	"Денис",     "Роман",    "Антон",    "Константин", "Кирилл",  "Григорий",  "Пётр",
	"Борис",     "Василий",  "Геннадий", "Анатолий",   "Валерий", "Леонид",    "Степан",
	"Тимофей",   "Ярослав",  "Егор",     "Матвей",     "Вадим",   "Станислав", "Аркадий",
	"Эдуард",    "Глеб",     "Руслан",   "Владислав",  "Георгий", "Виталий",   "Захар",
	"Никита",    "Данил",
};
static const char *const rus_female[] = {
	"Елена",    "Ольга",     "Наталья", "Юлия",      "Татьяна",  "Ирина",
	"Анна",     "Екатерина", "Жанна",   "Светлана",  "Марина",   "Людмила",
	"Галина",   "Мария",     "Дарья",   "Ксения",    "Алёна",    "Валентина",
	"Надежда",  "Вера",      "Любовь",  "Оксана",    "Яна",      "Евгения",
	"Виктория", "Полина",    "Софья",   "Анастасия", "Кристина", "Алина",
	"Лариса",   "Нина",      "Зоя",     "Эльвира",   "Лилия",    "Варвара",
};
/* Russian surnames are not made from the given names */
static const char *const rus_surnames[] = {
	"Иванов",    "Смирнов",    "Кузнецов",   "Попов",      "Васильев",  "Петров",
	"Соколов",   "Михайлов",   "Новиков",    "Фёдоров",    "Морозов",   "Волков",
	"Алексеев",  "Лебедев",    "Семёнов",    "Егоров",     "Павлов",    "Козлов",
	"Степанов",  "Николаев",   "Орлов",      "Андреев",    "Макаров",   "Никитин",
	"Захаров",   "Зайцев",     "Соловьёв",   "Борисов",    "Яковлев",   "Григорьев",
	"Романов",   "Воробьёв",   "Сергеев",    "Щербаков",   "Юдин",      "Цветков",
	"Кириллов",  "Гусев",      "Титов",      "Кузьмин",    "Белов",     "Медведев",
	"Антонов",   "Тарасов",    "Жуков",      "Баранов",    "Филиппов",  "Комаров",
	"Давыдов",   "Беляев",     "Герасимов",  "Богданов",   "Осипов",    "Сидоров",
	"Матвеев",   "Ефимов",     "Крылов",     "Шестаков",   "Пономарёв", "Ковалёв",
	"Ильин",     "Гаврилов",   "Широков",    "Юрьев",      "Яшин",      "Чернов",
	"Шубин",     "Журавлёв",   "Щукин",      "Зуев",       "Панкратов", "Руденко",
	"Ткаченко",  "Бондаренко", "Коваленко",  "Шевченко",   "Высоцкий",  "Ковальский",
	"Полянский", "Жданов",     "Цой",        "Ким",        "Пак",       "Дьяченко",
	"Воронцов",  "Чистяков",   "Ющенко",     "Яхин",       "Лаптев",    "Блинов",
	"Рябов",     "Горбунов",   "Тихонов",    "Мельников",  "Денисов",   "Фомин",
	"Голубев",   "Виноградов", "Карпов",     "Афанасьев",  "Власов",    "Маслов",
	"Исаков",    "Тимофеев",   "Аксёнов",    "Гордеев",    "Ершов",     "Кудрявцев",
	"Субботин",  "Зиновьев",   "Евдокимов",  "Артемьев",   "Щеглов",    "Хохлов",
	"Цыганков",  "Шмелёв",     "Бирюков",    "Хабибуллин", "Галиев",    "Сафин",
	"Юсупов",    "Ахметшин",   "Гарипов",    "Абрамов",    "Агафонов",  "Анисимов",
	"Анохин",    "Артамонов",  "Бабушкин",   "Белоусов",   "Бессонов",  "Блохин",
	"Бобров",    "Бойко",      "Большаков",  "Борисенко",  "Бочаров",   "Быков",
	"Варламов",  "Веселов",    "Вишняков",   "Воронин",    "Гвоздев",   "Голованов",
	"Головин",   "Горелов",    "Горшков",    "Гришин",     "Громов",    "Гуляев",
	"Гуров",     "Гущин",      "Дементьев",  "Дорофеев",   "Дроздов",   "Дьяконов",
	"Евсеев",    "Елисеев",    "Емельянов",  "Ермаков",    "Ермолаев",  "Ефремов",
	"Жаров",     "Жилин",      "Забелин",    "Зверев",     "Зимин",     "Зорин",
	"Зотов",     "Зубков",     "Зыков",      "Игнатьев",   "Изотов",    "Калинин",
	"Капустин",  "Карасёв",    "Карпенко",   "Киселёв",    "Клименко",  "Климов",
	"Князев",    "Колесников", "Кондратьев", "Коновалов",  "Копылов",   "Корнилов",
	"Королёв",   "Котов",      "Кравченко",  "Краснов",    "Крюков",    "Кудрин",
	"Кулагин",   "Кулаков",    "Куликов",    "Лавров",     "Лазарев",   "Ларионов",
	"Левин",     "Леонов",     "Литвинов",   "Логинов",    "Лукин",     "Лысенко",
	"Любимов",   "Мальцев",    "Марков",     "Мартынов",   "Миронов",   "Михеев",
	"Моисеев",   "Мухин",      "Назаров",    "Наумов",     "Некрасов",  "Нестеров",
	"Никифоров", "Носов",      "Овчинников", "Одинцов",    "Олейник",   "Панов",
	"Пестов",    "Петухов",    "Пименов",    "Платонов",   "Плотников", "Поляков",
	"Прохоров",  "Родионов",   "Рожков",     "Русаков",    "Рыбаков",   "Рябинин",
	"Савельев",  "Савин",      "Сазонов",    "Самойлов",   "Сафонов",   "Селезнёв",
	"Симонов",   "Ситников",   "Скворцов",   "Соболев",    "Сорокин",   "Суворов",
	"Сухов",     "Третьяков",  "Трофимов",   "Туманов",    "Уваров",    "Усов",
	"Устинов",   "Фадеев",     "Федотов",    "Филатов",    "Фролов",    "Харитонов",
	"Худяков",   "Чернышёв",   "Чесноков",   "Шапошников", "Шаров",     "Шарапов",
	"Швецов",    "Шилов",      "Шишкин",     "Якушев",     "Якимов",
};
/* stems of made Russian surnames (-ов, -ин, -ский) */
static const char *const rus_morphs[] = {
	"Берёзк",  "Бобр",  "Ворон", "Галк",     "Голуб",  "Гусак",  "Дятл",   "Ершак",   "Журавл",
	"Зайчик",  "Козл",  "Комар", "Лисиц",    "Медвед", "Мышк",   "Орл",    "Петух",   "Сокол",
	"Сорок",   "Стриж", "Чиж",   "Щегл",     "Бондар", "Гончар", "Кузнец", "Мельник", "Пекар",
	"Плотник", "Портн", "Рыбак", "Сапожник", "Столяр", "Ткач",   "Шорник", "Бел",     "Чёрн",
	"Сед",     "Рыж",   "Кудр",  "Лыс",      "Мал",    "Больш",  "Толст",  "Тонк",    "Добр",
	"Лих",     "Смирн", "Тих",   "Весел",    "Горь",   "Бык",    "Кот",    "Баран",   "Жеребц",
	"Овс",     "Горох", "Репк",  "Капуст",   "Морков", "Калач",  "Блин",   "Пирожк",  "Квас",
	"Мороз",   "Снег",  "Гром",  "Ветр",     "Камен",  "Лес",    "Полян",  "Озер",    "Болот",
	"Гор",     "Рек",
};
static const char *const rus_msufs[] = { "ов", "ин", "ский" };

/* Afghan names: Dari/Pashto in Arabic script, the usual Latin spelling,
 * another frequent one, and the Cyrillic of Russian and Tajik records. */
struct afg_name {
	const char *ar, *lat, *lat2, *cyr;
};

static const struct afg_name afg_male[] = {
	{ "محمد", "Mohammad", "Muhammad", "Мухаммад" },
	{ "احمد", "Ahmad", "Ahmed", "Ахмад" },
	{ "عبدالله", "Abdullah", "Abdulla", "Абдулла" },
	{ "گل", "Gul", "Gol", "Гул" },
	{ "ولی", "Wali", "Vali", "Вали" },
	{ "نور", "Noor", "Nur", "Нур" },
	{ "رحیم", "Rahim", "Raheem", "Рахим" },
	{ "کریم", "Karim", "Kareem", "Карим" },
	{ "حمید", "Hamid", "Hameed", "Хамид" },
	{ "جاوید", "Jawed", "Javid", "Джавид" },
	{ "فرید", "Farid", "Fareed", "Фарид" },
	{ "نجیب", "Najib", "Najeeb", "Наджиб" },
	{ "شریف", "Sharif", "Shareef", "Шариф" },
	{ "ظاهر", "Zahir", "Zaher", "Захир" },
	{ "قادر", "Qadir", "Kadir", "Кадир" },
	{ "یوسف", "Yusuf", "Yousuf", "Юсуф" },
	{ "ذبیح", "Zabih", "Zabeeh", "Забих" },
	{ "سمیع", "Sami", "Samee", "Сами" },
	{ "عزیز", "Aziz", "Azeez", "Азиз" },
	{ "حبیب", "Habib", "Habeeb", "Хабиб" },
	{ "خالد", "Khalid", "Khaled", "Халид" },
	{ "نصیر", "Nasir", "Naseer", "Насир" },
	{ "بشیر", "Bashir", "Basheer", "Башир" },
	{ "رشید", "Rashid", "Rasheed", "Рашид" },
	{ "حکیم", "Hakim", "Hakeem", "Хаким" },
	{ "صادق", "Sadiq", "Sadeq", "Садик" },
	{ "امین", "Amin", "Ameen", "Амин" },
	{ "رحمت\u200cالله", "Rahmatullah", "Rahmatulla", "Рахматулла" },
	{ "حیات\u200cالله", "Hayatullah", "Hayatulla", "Хаятулла" },
	{ "اسماعیل", "Ismail", "Esmail", "Исмаил" },
	{ "ابراهیم", "Ibrahim", "Ebrahim", "Ибрахим" },
	{ "محمود", "Mahmood", "Mahmud", "Махмуд" },
	{ "عمر", "Omar", "Umar", "Умар" },
	{ "علی", "Ali", "Aly", "Али" },
	{ "حسن", "Hassan", "Hasan", "Хасан" },
	{ "حسین", "Hussain", "Hussein", "Хусейн" },
	{ "جمیل", "Jamil", "Jameel", "Джамиль" },
	{ "شفیق", "Shafiq", "Shafeeq", "Шафик" },
	{ "طارق", "Tariq", "Tareq", "Тарик" },
	{ "وحید", "Wahid", "Waheed", "Вахид" },
	{ "زلمی", "Zalmai", "Zalmay", "Залмай" },
	{ "غلام", "Ghulam", "Gholam", "Гулям" },
	{ "میرویس", "Mirwais", "Mirways", "Мирвайс" },
	{ "اجمل", "Ajmal", "Ajmel", "Аджмал" },
	{ "فواد", "Fawad", "Fuad", "Фавад" },
	{ "روح\u200cالله", "Rohullah", "Ruhullah", "Рухулла" },
	{ "اسدالله", "Asadullah", "Asadulla", "Асадулла" },
	{ "نصرالله", "Nasrullah", "Nasrulla", "Насрулла" },
	{ "سیف\u200cالله", "Saifullah", "Saifulla", "Сайфулла" },
	{ "داوود", "Dawood", "Dawud", "Давуд" },
	{ "شاه", "Shah", "Sha", "Шах" },
	{ "ناصر", "Naser", "Nasser", "Насер" },
	{ "عبدالرحمن", "Abdulrahman", "Abdurrahman", "Абдурахман" },
	{ "فضل", "Fazal", "Fazl", "Фазл" },
};
static const struct afg_name afg_female[] = {
	{ "فاطمه", "Fatima", "Fatema", "Фатима" },
	{ "مریم", "Maryam", "Mariam", "Марьям" },
	{ "زهرا", "Zahra", "Zohra", "Захра" },
	{ "شکیلا", "Shakila", "Shakeela", "Шакила" },
	{ "فریبا", "Fariba", "Fareeba", "Фариба" },
	{ "نسرین", "Nasrin", "Nasreen", "Насрин" },
	{ "فرشته", "Freshta", "Fereshta", "Фрешта" },
	{ "پروین", "Parwin", "Parween", "Парвин" },
	{ "ملالی", "Malalai", "Malalay", "Малалай" },
	{ "زرغونه", "Zarghona", "Zarghuna", "Заргуна" },
	{ "نیلوفر", "Nilofar", "Nilufar", "Нилуфар" },
	{ "سیما", "Sima", "Seema", "Сима" },
	{ "رویا", "Roya", "Ruya", "Роя" },
	{ "لیلا", "Laila", "Leila", "Лейла" },
	{ "هما", "Homa", "Huma", "Хума" },
	{ "شبنم", "Shabnam", "Shabnum", "Шабнам" },
	{ "نرگس", "Nargis", "Narges", "Наргис" },
	{ "فرزانه", "Farzana", "Farzaneh", "Фарзана" },
	{ "زرمینه", "Zarmina", "Zarmeena", "Зармина" },
	{ "مینا", "Mina", "Meena", "Мина" },
	{ "عایشه", "Aisha", "Ayesha", "Айша" },
	{ "خدیجه", "Khadija", "Khadeeja", "Хадиджа" },
	{ "سلیمه", "Salima", "Saleema", "Салима" },
	{ "نادیه", "Nadia", "Nadiya", "Надия" },
	{ "رحیمه", "Rahima", "Raheema", "Рахима" },
	{ "کریمه", "Karima", "Kareema", "Карима" },
	{ "حلیمه", "Halima", "Haleema", "Халима" },
	{ "جمیله", "Jamila", "Jameela", "Джамиля" },
	{ "نجیبه", "Najiba", "Najeeba", "Наджиба" },
	{ "حمیده", "Hamida", "Hameeda", "Хамида" },
	{ "ثریا", "Soraya", "Suraya", "Сурайя" },
	{ "وحیده", "Wahida", "Waheeda", "Вахида" },
	{ "گلالی", "Gulalai", "Gulalay", "Гулалай" },
	{ "پلوشه", "Palwasha", "Palwashah", "Палваша" },
	{ "سهیلا", "Suhaila", "Sohaila", "Сухайла" },
	{ "مرسل", "Mursal", "Morsal", "Мурсал" },
	{ "ستاره", "Setara", "Sitara", "Ситара" },
	{ "مژگان", "Mozhgan", "Muzhgan", "Мужган" },
	{ "زینب", "Zainab", "Zaynab", "Зайнаб" },
	{ "آمنه", "Amina", "Ameena", "Амина" },
};
static const struct afg_name afg_surnames[] = {
	{ "احمدزی", "Ahmadzai", "Ahmadzay", "Ахмадзай" },
	{ "یوسفزی", "Yusufzai", "Yousafzai", "Юсуфзай" },
	{ "نورزی", "Noorzai", "Nurzai", "Нурзай" },
	{ "اچکزی", "Achakzai", "Achekzai", "Ачакзай" },
	{ "بارکزی", "Barakzai", "Barekzai", "Баракзай" },
	{ "علیزی", "Alizai", "Alizay", "Ализай" },
	{ "ستانکزی", "Stanikzai", "Stanekzai", "Станикзай" },
	{ "پوپلزی", "Popalzai", "Popolzai", "Попалзай" },
	{ "محمدزی", "Mohammadzai", "Muhammadzai", "Мухаммадзай" },
	{ "احمدی", "Ahmadi", "Ahmady", "Ахмади" },
	{ "کریمی", "Karimi", "Karimy", "Карими" },
	{ "رحیمی", "Rahimi", "Raheemi", "Рахими" },
	{ "هاشمی", "Hashimi", "Hashemi", "Хашими" },
	{ "نوری", "Noori", "Nuri", "Нури" },
	{ "حیدری", "Haidari", "Haydari", "Хайдари" },
	{ "امینی", "Amini", "Ameeni", "Амини" },
	{ "صافی", "Safi", "Safee", "Сафи" },
	{ "وردک", "Wardak", "Wardag", "Вардак" },
	{ "پوپل", "Popal", "Popol", "Попал" },
	{ "شینواری", "Shinwari", "Shinwary", "Шинвари" },
	{ "مومند", "Momand", "Mohmand", "Моманд" },
	{ "کاکړ", "Kakar", "Kakkar", "Какар" },
	{ "ځدراڼ", "Zadran", "Zadraan", "Задран" },
	{ "صدیقی", "Siddiqi", "Sediqi", "Сиддики" },
	{ "قریشی", "Qureshi", "Qurayshi", "Курейши" },
	{ "جلالی", "Jalali", "Jalaly", "Джалали" },
	{ "عثمانی", "Usmani", "Osmani", "Усмани" },
	{ "رسولی", "Rasuli", "Rasooli", "Расули" },
	{ "سلطانی", "Sultani", "Soltani", "Султани" },
	{ "سادات", "Sadat", "Saadat", "Садат" },
	{ "حسینی", "Hussaini", "Hosseini", "Хуссейни" },
	{ "رضایی", "Rezaei", "Rezayi", "Резаи" },
	{ "محمدی", "Mohammadi", "Muhammadi", "Мухаммади" },
	{ "عزیزی", "Azizi", "Azizy", "Азизи" },
	{ "حبیبی", "Habibi", "Habiby", "Хабиби" },
	{ "حکیمی", "Hakimi", "Hakeemi", "Хакими" },
	{ "نظری", "Nazari", "Nazary", "Назари" },
	{ "نصیری", "Nasiri", "Naseeri", "Насири" },
	{ "قادری", "Qaderi", "Qadiri", "Кадери" },
	{ "ظریفی", "Zarifi", "Zareefi", "Зарифи" },
	{ "اکبری", "Akbari", "Akbary", "Акбари" },
	{ "نیازی", "Niazi", "Nyazi", "Ниязи" },
	{ "سروری", "Sarwari", "Sarvari", "Сарвари" },
	{ "کوهستانی", "Kohistani", "Kuhistani", "Кохистани" },
	{ "پنجشیری", "Panjshiri", "Panjsheri", "Панджшери" },
	{ "غوری", "Ghori", "Ghauri", "Гори" },
	{ "بلوچ", "Baloch", "Baluch", "Балоч" },
	{ "منگل", "Mangal", "Mengal", "Мангал" },
	{ "ترکی", "Turki", "Torki", "Турки" },
	{ "ملکزی", "Malikzai", "Malekzai", "Маликзай" },
	{ "فیضی", "Faizi", "Fayzi", "Файзи" },
	{ "هوتک", "Hotak", "Hotaki", "Хотак" },
	{ "درانی", "Durrani", "Durani", "Дуррани" },
	{ "غلزی", "Ghilzai", "Ghilzay", "Гилзай" },
	{ "شیرزاد", "Sherzad", "Shirzad", "Шерзад" },
	{ "صمدی", "Samadi", "Samady", "Самади" },
	{ "رحمانی", "Rahmani", "Rahmany", "Рахмани" },
	{ "وحیدی", "Wahidi", "Waheedi", "Вахиди" },
	{ "صابری", "Saberi", "Sabiri", "Сабери" },
	{ "توخی", "Tokhi", "Tokhy", "Тохи" },
	{ "اندړ", "Andar", "Andarr", "Андар" },
	{ "خروټی", "Kharoti", "Kharotai", "Хароти" },
	{ "مجددی", "Mujaddidi", "Mojaddedi", "Муджаддиди" },
	{ "امیری", "Amiri", "Ameeri", "Амири" },
	{ "نوابی", "Nawabi", "Nawaby", "Навоби" },
	{ "لودین", "Ludin", "Loodin", "Лудин" },
	{ "بهیر", "Baheer", "Bahir", "Бахир" },
	{ "تنیوال", "Taniwal", "Tanaiwal", "Таниваль" },
	{ "ساحک", "Sahak", "Sahaq", "Сахак" },
	{ "جلالزی", "Jalalzai", "Jalalzay", "Джалалзай" },
};

/* clang-format on */

/* One origin's pools; surnames are made at start (names_new). */
struct pool_spec {
	const char *const *male,
		*const *female, *const *roots, *const *morphs, *const *seconds,
								       *const *msufs,
									       *const *surnames;
	size_t nmale, nfemale, nroots, nmorphs, nseconds, nmsufs, nsurnames;
	unsigned zoda_percent;    /* Tajik -зода and -ӣ surnames among the made ones */
	bool patronymic_surnames; /* Russian: given names with -ов too, besides the list */
};

#define POOL(a) a, ARRAY_SIZE(a)

static const struct pool_spec specs[SYN_ORIGINS] = {
	[SYN_KAZ] = { .male = kaz_male,
		      .nmale = ARRAY_SIZE(kaz_male),
		      .female = kaz_female,
		      .nfemale = ARRAY_SIZE(kaz_female),
		      .roots = kaz_roots,
		      .nroots = ARRAY_SIZE(kaz_roots),
		      .morphs = kaz_morphs,
		      .nmorphs = ARRAY_SIZE(kaz_morphs),
		      .seconds = kaz_seconds,
		      .nseconds = ARRAY_SIZE(kaz_seconds),
		      .msufs = kaz_msufs,
		      .nmsufs = ARRAY_SIZE(kaz_msufs) },
	[SYN_KGZ] = { .male = kgz_male,
		      .nmale = ARRAY_SIZE(kgz_male),
		      .female = kgz_female,
		      .nfemale = ARRAY_SIZE(kgz_female),
		      .roots = kgz_roots,
		      .nroots = ARRAY_SIZE(kgz_roots),
		      .morphs = kgz_morphs,
		      .nmorphs = ARRAY_SIZE(kgz_morphs),
		      .seconds = kgz_seconds,
		      .nseconds = ARRAY_SIZE(kgz_seconds),
		      .msufs = kgz_msufs,
		      .nmsufs = ARRAY_SIZE(kgz_msufs) },
	[SYN_TJK] = { .male = tjk_male,
		      .nmale = ARRAY_SIZE(tjk_male),
		      .female = tjk_female,
		      .nfemale = ARRAY_SIZE(tjk_female),
		      .roots = tjk_roots,
		      .nroots = ARRAY_SIZE(tjk_roots),
		      .morphs = tjk_morphs,
		      .nmorphs = ARRAY_SIZE(tjk_morphs),
		      .seconds = tjk_seconds,
		      .nseconds = ARRAY_SIZE(tjk_seconds),
		      .zoda_percent = 30 },
	[SYN_UZB] = { .male = uzb_male,
		      .nmale = ARRAY_SIZE(uzb_male),
		      .female = uzb_female,
		      .nfemale = ARRAY_SIZE(uzb_female),
		      .roots = uzb_roots,
		      .nroots = ARRAY_SIZE(uzb_roots),
		      .morphs = uzb_morphs,
		      .nmorphs = ARRAY_SIZE(uzb_morphs),
		      .seconds = uzb_seconds,
		      .nseconds = ARRAY_SIZE(uzb_seconds),
		      .msufs = uzb_msufs,
		      .nmsufs = ARRAY_SIZE(uzb_msufs) },
	[SYN_TKM] = { .male = tkm_male,
		      .nmale = ARRAY_SIZE(tkm_male),
		      .female = tkm_female,
		      .nfemale = ARRAY_SIZE(tkm_female),
		      .roots = tkm_roots,
		      .nroots = ARRAY_SIZE(tkm_roots),
		      .morphs = tkm_morphs,
		      .nmorphs = ARRAY_SIZE(tkm_morphs),
		      .seconds = tkm_seconds,
		      .nseconds = ARRAY_SIZE(tkm_seconds),
		      .msufs = tkm_msufs,
		      .nmsufs = ARRAY_SIZE(tkm_msufs) },
	[SYN_RUS] = { .male = rus_male,
		      .nmale = ARRAY_SIZE(rus_male),
		      .female = rus_female,
		      .nfemale = ARRAY_SIZE(rus_female),
		      .surnames = rus_surnames,
		      .nsurnames = ARRAY_SIZE(rus_surnames),
		      .morphs = rus_morphs,
		      .nmorphs = ARRAY_SIZE(rus_morphs),
		      .msufs = rus_msufs,
		      .nmsufs = ARRAY_SIZE(rus_msufs),
		      .patronymic_surnames = true },
	[SYN_AFG] = { 0 },
};

/* Share of each origin on the watchlist, in percent. */
static const unsigned origin_share[SYN_ORIGINS] = { 20, 12, 15, 20, 8, 15, 10 };

/* A Zipf-like distribution over n ranks: weight 1 / (rank + shift). */
struct zipf {
	double *cum;
	size_t n;
};

struct origin_pools {
	char **surname_m, **surname_f; /* made surnames, male and female forms */
	size_t nsurnames;
	struct zipf zsurname, zmale, zfemale;
};

struct synth_names {
	struct origin_pools o[SYN_ORIGINS];
};

static int zipf_init(struct zipf *z, size_t n, double shift)
{
	double sum = 0;
	z->cum = malloc((n ? n : 1) * sizeof *z->cum);
	z->n = n;
	if (!z->cum)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sum += 1.0 / ((double)i + shift);
		z->cum[i] = sum;
	}
	for (size_t i = 0; i < n; i++)
		z->cum[i] /= sum;
	return 0;
}

static uint16_t zipf_draw(const struct zipf *z, struct gen_rng *r)
{
	double u = (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
	size_t lo = 0, hi = z->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (z->cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint16_t)lo;
}

/* ---- UTF-8 and Cyrillic letters ---- */

static size_t utf8_get(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		*cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return 2;
	}
	if ((u[0] & 0xf0) == 0xe0) {
		*cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
		return 3;
	}
	*cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
	      (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
	return 4;
}

/* A bounded output buffer; stops quietly when full. */
struct out {
	char *buf;
	size_t size, len;
};

static void out_init(struct out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	buf[0] = '\0';
}

static void out_str(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n + 1 > o->size)
		return;
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
}

static void out_cp(struct out *o, uint32_t cp)
{
	char b[5];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	b[n] = '\0';
	out_str(o, b);
}

static bool cyr_upper(uint32_t cp)
{
	return (cp >= 0x400 && cp <= 0x42f) ||
	       (cp >= 0x460 && cp <= 0x4ff && cp % 2 == 0 && cp != 0x4c0);
}

static uint32_t cyr_lower(uint32_t cp)
{
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x460 && cp <= 0x4ff && cp % 2 == 0 && cp != 0x4c0)
		return cp + 1;
	return cp;
}

static bool cyr_vowel(uint32_t lc)
{
	static const uint32_t v[] = {
		0x430, 0x435, 0x451, 0x438, 0x43e, 0x443, 0x44b, 0x44d, 0x44e,
		0x44f, 0x4d9, 0x4e9, 0x4af, 0x4b1, 0x456, 0x4ef, 0x4e3, 0x45e
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (v[i] == lc)
			return true;
	return false;
}

/* Upper case of the first letter of a Latin string s (ASCII or Latin-1 /
 * Latin Extended-A), appended to o, then the rest of s. */
static void out_capitalised(struct out *o, const char *s)
{
	uint32_t cp;
	size_t n = utf8_get(s, &cp);
	if (cp >= 'a' && cp <= 'z')
		cp -= 32;
	else if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7)
		cp -= 0x20;
	else if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177))
		cp &= ~1u;
	else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) && cp % 2 == 0)
		cp -= 1;
	out_cp(o, cp);
	out_str(o, s + n);
}

/* ---- transliteration of the national Cyrillic ---- */

/* Columns: ICAO 9303 (as the MRZ), older Russian style, Uzbek Latin,
 * Turkmen Latin, Kazakh Latin. "'" in the Uzbek column is the modifier
 * letter the caller chooses. */
struct tr_row {
	uint32_t cp;
	const char *icao, *oldru, *uz, *tm, *kz;
};

/* clang-format off */
static const struct tr_row tr_rows[] = {
	{ 0x430, "a", "a", "a", "a", "a" },           /* а */
	{ 0x431, "b", "b", "b", "b", "b" },           /* б */
	{ 0x432, "v", "v", "v", "w", "v" },           /* в */
	{ 0x433, "g", "g", "g", "g", "g" },           /* г */
	{ 0x434, "d", "d", "d", "d", "d" },           /* д */
	{ 0x435, "e", "e", "e", "e", "e" },           /* е (ye by context) */
	{ 0x451, "e", "yo", "yo", "ýo", "io" },       /* ё */
	{ 0x436, "zh", "zh", "j", "ž", "j" },         /* ж */
	{ 0x437, "z", "z", "z", "z", "z" },           /* з */
	{ 0x438, "i", "i", "i", "i", "i" },           /* и */
	{ 0x439, "i", "y", "y", "ý", "i" },           /* й */
	{ 0x43a, "k", "k", "k", "k", "k" },           /* к */
	{ 0x43b, "l", "l", "l", "l", "l" },           /* л */
	{ 0x43c, "m", "m", "m", "m", "m" },           /* м */
	{ 0x43d, "n", "n", "n", "n", "n" },           /* н */
	{ 0x43e, "o", "o", "o", "o", "o" },           /* о */
	{ 0x43f, "p", "p", "p", "p", "p" },           /* п */
	{ 0x440, "r", "r", "r", "r", "r" },           /* р */
	{ 0x441, "s", "s", "s", "s", "s" },           /* с */
	{ 0x442, "t", "t", "t", "t", "t" },           /* т */
	{ 0x443, "u", "u", "u", "u", "u" },           /* у */
	{ 0x444, "f", "f", "f", "f", "f" },           /* ф */
	{ 0x445, "kh", "kh", "x", "h", "h" },         /* х */
	{ 0x446, "ts", "ts", "ts", "s", "ts" },       /* ц */
	{ 0x447, "ch", "ch", "ch", "ç", "ch" },       /* ч */
	{ 0x448, "sh", "sh", "sh", "ş", "ş" },        /* ш */
	{ 0x449, "shch", "shch", "sh", "şç", "şş" },  /* щ */
	{ 0x44a, "ie", "", "'", "", "" },             /* ъ */
	{ 0x44b, "y", "y", "i", "y", "y" },           /* ы */
	{ 0x44c, "", "", "", "", "" },                /* ь */
	{ 0x44d, "e", "e", "e", "e", "e" },           /* э */
	{ 0x44e, "iu", "yu", "yu", "ýu", "iu" },      /* ю */
	{ 0x44f, "ia", "ya", "ya", "ýa", "ia" },      /* я */
	{ 0x4d9, "a", "a", "a", "ä", "ä" },           /* ә */
	{ 0x493, "g", "g", "g'", "g", "ğ" },          /* ғ */
	{ 0x49b, "k", "k", "q", "k", "q" },           /* қ */
	{ 0x4a3, "n", "n", "ng", "ň", "ñ" },          /* ң */
	{ 0x4e9, "o", "o", "o", "ö", "ö" },           /* ө */
	{ 0x4b1, "u", "u", "u", "u", "ū" },           /* ұ */
	{ 0x4af, "u", "u", "u", "ü", "ü" },           /* ү */
	{ 0x4bb, "h", "kh", "h", "h", "h" },          /* һ */
	{ 0x456, "i", "i", "i", "i", "i" },           /* і */
	{ 0x4b3, "h", "kh", "h", "h", "h" },          /* ҳ */
	{ 0x4b7, "j", "dzh", "j", "j", "j" },         /* ҷ */
	{ 0x4e3, "i", "i", "i", "i", "i" },           /* ӣ */
	{ 0x4ef, "u", "u", "u", "u", "u" },           /* ӯ */
	{ 0x45e, "u", "u", "o'", "o", "o" },          /* ў */
	{ 0x497, "j", "dzh", "j", "j", "j" },         /* җ */
};
/* clang-format on */

static const struct tr_row *tr_find(uint32_t lc)
{
	for (size_t i = 0; i < ARRAY_SIZE(tr_rows); i++)
		if (tr_rows[i].cp == lc)
			return &tr_rows[i];
	return NULL;
}

/* The Uzbek apostrophes: the official modifier letters, or what people type. */
#define UZ_TURNED_COMMA "\xca\xbb" /* ʻ U+02BB, in oʻ gʻ */
#define UZ_APOSTROPHE "\xca\xbc"   /* ʼ U+02BC, the tutuq belgisi */

/* Transliterate one Cyrillic string (tokens separated by spaces) into o. */
static void translit(const char *src, enum synth_scheme sch, struct out *o)
{
	uint32_t prev = ' ';
	const char *s = src;
	while (*s) {
		uint32_t cp, lc, next = 0;
		size_t n = utf8_get(s, &cp);
		bool up = cyr_upper(cp);
		const struct tr_row *row;
		const char *t;
		char tmp[16];
		lc = cyr_lower(cp);
		row = tr_find(lc);
		if (s[n])
			utf8_get(s + n, &next);
		next = cyr_lower(next);
		if (!row) {
			out_cp(o, cp); /* spaces, hyphens */
			prev = lc;
			s += n;
			continue;
		}
		bool start = prev == ' ' || prev == '-';
		bool soft = start || cyr_vowel(prev) || prev == 0x44a || prev == 0x44c;
		switch (sch) {
		case SCH_ICAO: t = row->icao; break;
		case SCH_OLDRU: t = lc == 0x435 && soft ? "ye" : row->oldru; break;
		case SCH_UZLAT:
		case SCH_UZLAT_ASCII:
			t = lc == 0x435 && soft ? "ye" : row->uz;
			if (strchr(t, '\'')) {
				const char *mark = sch == SCH_UZLAT_ASCII ? "'" :
						   lc == 0x44a            ? UZ_APOSTROPHE :
									    UZ_TURNED_COMMA;
				snprintf(tmp, sizeof tmp, "%.*s%s", (int)(strchr(t, '\'') - t), t,
					 mark);
				t = tmp;
			}
			break;
		case SCH_TMLAT:
			if (lc == 0x434 && next == 0x436) { /* дж */
				n += 2;
				t = "j";
			} else {
				t = lc == 0x435 && start ? "ýe" : row->tm;
			}
			break;
		case SCH_KZLAT: t = row->kz; break;
		default: t = row->icao; break;
		}
		if (sch == SCH_ICAO) {
			for (const char *c = t; *c; c++)
				out_cp(o, (uint32_t)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
		} else if (up && *t) {
			out_capitalised(o, t);
		} else {
			out_str(o, t);
		}
		prev = lc;
		s += n;
	}
}

/* Latin with diacritics folded as ICAO 9303 does (Ä -> AE, Ç -> C), upper
 * case ASCII; apostrophes dropped. */
static void mrz_fold(const char *src, struct out *o)
{
	const char *s = src;
	while (*s) {
		uint32_t cp;
		size_t n = utf8_get(s, &cp);
		const char *t = NULL;
		char one[2] = { 0 };
		switch (cp) {
		case 0xe4:
		case 0xc4: t = "AE"; break;
		case 0xf6:
		case 0xd6: t = "OE"; break;
		case 0xfc:
		case 0xdc: t = "UE"; break;
		case 0xe7:
		case 0xc7: t = "C"; break;
		case 0x15f:
		case 0x15e: t = "S"; break;
		case 0x17e:
		case 0x17d: t = "Z"; break;
		case 0xfd:
		case 0xdd: t = "Y"; break;
		case 0x148:
		case 0x147:
		case 0xf1:
		case 0xd1: t = "N"; break;
		case 0x11f:
		case 0x11e: t = "G"; break;
		case 0x16b:
		case 0x16a: t = "U"; break;
		case 0x131: t = "I"; break;
		case '\'':
		case 0x2bb:
		case 0x2bc: t = ""; break;
		default:
			if (cp < 0x80) {
				one[0] = (char)(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
				t = one;
			} else {
				t = "";
			}
		}
		out_str(o, t);
		s += n;
	}
}

/* ---- making names ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* The last code point of s and where it starts. */
static uint32_t last_cp(const char *s, size_t *at)
{
	size_t n = strlen(s), i = n;
	uint32_t cp = 0;
	while (i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			break;
	}
	if (n)
		utf8_get(s + i, &cp);
	*at = i;
	return cp;
}

/* stem + -ов / -ев (after a vowel, й or ь) + tail ("", "ич", ...). */
static void add_ov(const char *stem, const char *ov, const char *ev, struct out *o)
{
	size_t at;
	uint32_t last = cyr_lower(last_cp(stem, &at));
	if (last == 0x439 || last == 0x44c) { /* й ь: Жұмабай -> Жұмабаев */
		char head[SYN_FIELD_MAX];
		snprintf(head, sizeof head, "%.*s", (int)at, stem);
		out_str(o, head);
		out_str(o, ev);
	} else {
		out_str(o, stem);
		out_str(o, cyr_vowel(last) ? ev : ov);
	}
}

static char *dup_out(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* The female form of a Cyrillic surname. */
static void feminine(const char *m, struct out *o)
{
	if (ends_with(m, "ов") || ends_with(m, "ев") || ends_with(m, "ёв") || ends_with(m, "ин") ||
	    ends_with(m, "ын")) {
		out_str(o, m);
		out_str(o, "а");
	} else if (ends_with(m, "ий")) {
		char head[SYN_FIELD_MAX];
		snprintf(head, sizeof head, "%.*s", (int)(strlen(m) - strlen("ий")), m);
		out_str(o, head);
		out_str(o, "ая");
	} else {
		out_str(o, m);
	}
}

static int add_surname(struct origin_pools *p, size_t *cap, const char *male)
{
	char buf[SYN_FIELD_MAX];
	struct out o;
	if (p->nsurnames == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		char **m = realloc(p->surname_m, ncap * sizeof *m);
		if (!m)
			return -1;
		p->surname_m = m;
		char **f = realloc(p->surname_f, ncap * sizeof *f);
		if (!f)
			return -1;
		p->surname_f = f;
		*cap = ncap;
	}
	for (size_t i = 0; i < p->nsurnames; i++)
		if (!strcmp(p->surname_m[i], male))
			return 0; /* Сергеев is on the list and made from Сергей */
	out_init(&o, buf, sizeof buf);
	feminine(male, &o);
	p->surname_m[p->nsurnames] = dup_out(male);
	p->surname_f[p->nsurnames] = dup_out(buf);
	if (!p->surname_m[p->nsurnames] || !p->surname_f[p->nsurnames])
		return -1;
	p->nsurnames++;
	return 0;
}

/* Surnames of one origin: its stems with -ов/-ев (some Tajik ones with
 * -зода), stems with -баев, -беков, ..., or a list; then shuffled so that
 * popularity does not follow the given names' order. */
static int make_surnames(struct origin_pools *p, const struct pool_spec *sp, struct gen_rng *r)
{
	size_t cap = 0;
	char buf[SYN_FIELD_MAX];
	struct out o;
	for (size_t i = 0; i < sp->nsurnames; i++)
		if (add_surname(p, &cap, sp->surnames[i]))
			return -1;
	for (size_t k = 0; k < 2; k++) {
		const char *const *stems = k ? sp->roots : sp->male;
		size_t n = k ? sp->nroots : sp->nmale;
		if (sp->surnames && !sp->patronymic_surnames)
			break;
		for (size_t i = 0; i < n; i++) {
			out_init(&o, buf, sizeof buf);
			add_ov(stems[i], "ов", "ев", &o);
			if (add_surname(p, &cap, buf))
				return -1;
			if (sp->zoda_percent && synth_rng_chance(r, sp->zoda_percent)) {
				out_init(&o, buf, sizeof buf);
				out_str(&o, stems[i]);
				out_str(&o, "зода");
				if (add_surname(p, &cap, buf))
					return -1;
			}
			if (sp->zoda_percent && synth_rng_chance(r, sp->zoda_percent / 2) &&
			    !ends_with(stems[i], "ӣ") && !ends_with(stems[i], "о")) {
				out_init(&o, buf, sizeof buf);
				out_str(&o, stems[i]);
				out_str(&o, "ӣ"); /* Шарифӣ */
				if (add_surname(p, &cap, buf))
					return -1;
			}
		}
	}
	/* compound stems (Нұр + бек, Абду + улло) with -ов / -ев, some -зода */
	for (size_t i = 0; i < sp->nmorphs && sp->nseconds; i++) {
		for (size_t j = 0; j < sp->nseconds; j++) {
			char stem[SYN_FIELD_MAX];
			if (!synth_rng_chance(r, 70))
				continue;
			snprintf(stem, sizeof stem, "%s%s", sp->morphs[i], sp->seconds[j]);
			out_init(&o, buf, sizeof buf);
			if (sp->zoda_percent && synth_rng_chance(r, sp->zoda_percent)) {
				out_str(&o, stem);
				out_str(&o, "зода");
			} else {
				add_ov(stem, "ов", "ев", &o);
			}
			if (add_surname(p, &cap, buf))
				return -1;
		}
	}
	/* -баев, -беков, ... on the bound stems, and on half of the names */
	for (size_t k = 0; k < 3; k++) {
		const char *const *stems = k == 0 ? sp->morphs : k == 1 ? sp->male : sp->roots;
		size_t n = k == 0 ? sp->nmorphs : k == 1 ? sp->nmale : sp->nroots;
		for (size_t i = 0; i < n && sp->nmsufs; i++) {
			for (size_t j = 0; j < sp->nmsufs; j++) {
				if (k && (!synth_rng_chance(r, 50) || sp->surnames))
					continue;
				out_init(&o, buf, sizeof buf);
				out_str(&o, stems[i]);
				out_str(&o, sp->msufs[j]);
				if (add_surname(p, &cap, buf))
					return -1;
			}
		}
	}
	for (size_t i = p->nsurnames; i > 1; i--) {
		size_t j = synth_rng_below(r, (uint32_t)i);
		char *t = p->surname_m[i - 1];
		p->surname_m[i - 1] = p->surname_m[j];
		p->surname_m[j] = t;
		t = p->surname_f[i - 1];
		p->surname_f[i - 1] = p->surname_f[j];
		p->surname_f[j] = t;
	}
	return 0;
}

struct synth_names *synth_names_new(void)
{
	struct synth_names *nm = calloc(1, sizeof *nm);
	struct gen_rng r;
	if (!nm)
		return NULL;
	gen_rng_init(&r, 0x5eed0001, 0, 0);
	for (int i = 0; i < SYN_ORIGINS; i++) {
		struct origin_pools *p = &nm->o[i];
		const struct pool_spec *sp = &specs[i];
		size_t nmale = i == SYN_AFG ? ARRAY_SIZE(afg_male) : sp->nmale;
		size_t nfemale = i == SYN_AFG ? ARRAY_SIZE(afg_female) : sp->nfemale;
		if (i == SYN_AFG)
			p->nsurnames = ARRAY_SIZE(afg_surnames);
		else if (make_surnames(p, sp, &r))
			goto fail;
		/* the most frequent surname about 1.5-3% of its origin (5% for the
		 * Afghan tribal names), the most frequent given name about 4-5% */
		if (zipf_init(&p->zsurname, p->nsurnames, 5.0 + (double)p->nsurnames / 20) ||
		    zipf_init(&p->zmale, nmale, 12) || zipf_init(&p->zfemale, nfemale, 12))
			goto fail;
	}
	return nm;
fail:
	synth_names_free(nm);
	return NULL;
}

void synth_names_free(struct synth_names *nm)
{
	if (!nm)
		return;
	for (int i = 0; i < SYN_ORIGINS; i++) {
		struct origin_pools *p = &nm->o[i];
		for (size_t j = 0; p->surname_m && j < p->nsurnames; j++) {
			free(p->surname_m[j]);
			free(p->surname_f[j]);
		}
		free(p->surname_m);
		free(p->surname_f);
		free(p->zsurname.cum);
		free(p->zmale.cum);
		free(p->zfemale.cum);
	}
	free(nm);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static uint8_t stored_scheme(enum synth_origin o, struct gen_rng *r)
{
	unsigned u = synth_rng_below(r, 100);
	switch (o) {
	case SYN_UZB: return u < 75 ? SCH_UZLAT : u < 85 ? SCH_CYR : SCH_ICAO;
	case SYN_TKM: return u < 80 ? SCH_TMLAT : SCH_ICAO;
	case SYN_AFG: return u < 50 ? SCH_ARABIC : u < 90 ? SCH_AFLAT : SCH_CYR;
	case SYN_RUS: return u < 90 ? SCH_CYR : SCH_ICAO;
	default: return u < 85 ? SCH_CYR : SCH_ICAO;
	}
}

/* A male given name usable as a father's name in a Russian patronymic
 * (Илья, Никита make Ильич, Никитич: left out). */
static uint16_t draw_father(const struct synth_names *nm, enum synth_origin o, struct gen_rng *r)
{
	for (;;) {
		uint16_t f = zipf_draw(&nm->o[o].zmale, r);
		if (o != SYN_RUS ||
		    !(ends_with(specs[o].male[f], "а") || ends_with(specs[o].male[f], "я")))
			return f;
	}
}

static enum synth_origin draw_origin(struct gen_rng *r)
{
	unsigned u = synth_rng_below(r, 100), acc = 0;
	for (int i = 0; i < SYN_ORIGINS; i++) {
		acc += origin_share[i];
		if (u < acc)
			return (enum synth_origin)i;
	}
	return SYN_KAZ;
}

static void person_draw(const struct synth_names *nm, struct gen_rng *r, enum synth_origin o,
			struct synth_person *p)
{
	const struct origin_pools *op = &nm->o[o];
	memset(p, 0, sizeof *p);
	p->origin = (uint8_t)o;
	p->sex = synth_rng_chance(r, 55) ? SYN_MALE : SYN_FEMALE;
	p->scheme = stored_scheme(o, r);
	p->surname = zipf_draw(&op->zsurname, r);
	p->ngiven = 1;
	p->given[0] = zipf_draw(p->sex == SYN_MALE ? &op->zmale : &op->zfemale, r);
	if (o == SYN_AFG && p->sex == SYN_MALE && synth_rng_chance(r, 35)) {
		/* Mohammad Wali, Gul Ahmad */
		p->given[1] = p->given[0];
		p->given[0] = synth_rng_chance(r, 75) ? 0 : (uint16_t)(3 + synth_rng_below(r, 3));
		if (p->given[1] != p->given[0])
			p->ngiven = 2;
	}
	p->father = draw_father(nm, o, r);
	if (o != SYN_AFG) {
		p->patro_style = SYN_PATRO_RUSSIAN;
		if ((o == SYN_KAZ && synth_rng_chance(r, 50)) ||
		    (o == SYN_KGZ && synth_rng_chance(r, 40)) ||
		    (o == SYN_UZB && synth_rng_chance(r, 50)))
			p->patro_style = SYN_PATRO_REGIONAL;
		p->patro_listed = synth_rng_chance(r, o == SYN_TKM ? 30 : 55);
	}
	p->year = (int16_t)(1950 + synth_rng_below(r, 57));
	p->month = (uint8_t)(1 + synth_rng_below(r, 12));
	p->day = (uint8_t)(1 + synth_rng_below(r, (uint32_t)month_days(p->year, p->month)));
}

void synth_person_make(const struct synth_names *nm, struct gen_rng *r, struct synth_person *out)
{
	person_draw(nm, r, draw_origin(r), out);
}

/* The Cyrillic patronymic of p: Ботирович, Ботировна, Нұрланұлы, Ботир ўғли. */
static void patronymic_cyr(const struct synth_person *p, int style, struct out *o)
{
	const char *f = specs[p->origin].male[p->father];
	bool male = p->sex == SYN_MALE;
	size_t at;
	uint32_t last = cyr_lower(last_cp(f, &at));
	if (style == SYN_PATRO_REGIONAL) {
		out_str(o, f);
		if (p->origin == SYN_KAZ)
			out_str(o, male ? "ұлы" : "қызы");
		else if (p->origin == SYN_KGZ)
			out_str(o, male ? " уулу" : " кызы");
		else
			out_str(o, male ? " ўғли" : " қизи");
		return;
	}
	if (ends_with(f, "ий")) {
		/* Юрий -> Юрьевич, Дмитрий -> Дмитриевич */
		char head[SYN_FIELD_MAX];
		size_t n = strlen(f) - strlen("ий");
		uint32_t c1 = 0, c2 = 0;
		size_t a1, a2;
		snprintf(head, sizeof head, "%.*s", (int)n, f);
		c2 = cyr_lower(last_cp(head, &a2));
		char head2[SYN_FIELD_MAX];
		snprintf(head2, sizeof head2, "%.*s", (int)a2, head);
		c1 = cyr_lower(last_cp(head2, &a1));
		out_str(o, head);
		out_str(o, !cyr_vowel(c1) && !cyr_vowel(c2) ? "и" : "ь");
		out_str(o, male ? "евич" : "евна");
	} else if (last == 0x439 || last == 0x44c) {
		char head[SYN_FIELD_MAX];
		snprintf(head, sizeof head, "%.*s", (int)at, f);
		out_str(o, head);
		out_str(o, male ? "евич" : "евна");
	} else {
		out_str(o, f);
		out_str(o, cyr_vowel(last) ? (male ? "евич" : "евна") : (male ? "ович" : "овна"));
	}
}

const char *synth_nationality(enum synth_origin o)
{
	static const char *const n[SYN_ORIGINS] = {
		"KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS", "AFG"
	};
	return n[o];
}

enum synth_script synth_scheme_script(enum synth_scheme sch)
{
	return sch == SCH_CYR    ? SYN_SCRIPT_CYRILLIC :
	       sch == SCH_ARABIC ? SYN_SCRIPT_ARABIC :
				   SYN_SCRIPT_LATIN;
}

const char *synth_scheme_name(enum synth_scheme sch)
{
	static const char *const n[SCH_SCHEMES] = { "cyrillic", "icao",        "oldru",
						    "uzlat",    "uzlat-typed", "tmlat",
						    "kzlat",    "arabic",      "aflat" };
	return n[sch];
}

/* One Cyrillic field of p written in sch (UZ and TM: the MRZ folds their
 * Latin, it does not transliterate the Cyrillic). */
static void render_cyr(const char *cyr, enum synth_origin origin, enum synth_scheme sch,
		       struct out *o)
{
	if (sch == SCH_CYR) {
		out_str(o, cyr);
	} else if (sch == SCH_ICAO && (origin == SYN_UZB || origin == SYN_TKM)) {
		char lat[SYN_FIELD_MAX * 2];
		struct out l;
		out_init(&l, lat, sizeof lat);
		translit(cyr, origin == SYN_UZB ? SCH_UZLAT : SCH_TMLAT, &l);
		mrz_fold(lat, o);
	} else {
		translit(cyr, sch, o);
	}
}

static void render_afg(const struct afg_name *a, enum synth_scheme sch, struct out *o)
{
	switch (sch) {
	case SCH_ARABIC: out_str(o, a->ar); break;
	case SCH_CYR: out_str(o, a->cyr); break;
	case SCH_AFLAT: out_str(o, a->lat); break;
	case SCH_OLDRU: out_str(o, a->lat2); break;
	case SCH_ICAO: mrz_fold(a->lat, o); break;
	default: translit(a->cyr, sch, o); break;
	}
}

static void render_style(const struct synth_names *nm, const struct synth_person *p,
			 enum synth_scheme sch, int patro_style, struct synth_fields *out)
{
	struct out o;
	out_init(&o, out->surname, sizeof out->surname);
	if (p->origin == SYN_AFG) {
		render_afg(&afg_surnames[p->surname], sch, &o);
		out_init(&o, out->given, sizeof out->given);
		for (int i = 0; i < p->ngiven; i++) {
			if (i)
				out_str(&o, " ");
			render_afg(p->sex == SYN_MALE ? &afg_male[p->given[i]] :
							&afg_female[p->given[i]],
				   sch, &o);
		}
		out->patronymic[0] = '\0';
		return;
	}
	const struct origin_pools *op = &nm->o[p->origin];
	const struct pool_spec *sp = &specs[p->origin];
	render_cyr(p->sex == SYN_MALE ? op->surname_m[p->surname] : op->surname_f[p->surname],
		   p->origin, sch, &o);
	out_init(&o, out->given, sizeof out->given);
	for (int i = 0; i < p->ngiven; i++) {
		if (i)
			out_str(&o, " ");
		render_cyr(p->sex == SYN_MALE ? sp->male[p->given[i]] : sp->female[p->given[i]],
			   p->origin, sch, &o);
	}
	out_init(&o, out->patronymic, sizeof out->patronymic);
	if (patro_style) {
		char cyr[SYN_FIELD_MAX];
		struct out c;
		out_init(&c, cyr, sizeof cyr);
		patronymic_cyr(p, patro_style, &c);
		render_cyr(cyr, p->origin, sch, &o);
	}
}

void synth_render(const struct synth_names *nm, const struct synth_person *p, enum synth_scheme sch,
		  bool with_patronymic, struct synth_fields *out)
{
	render_style(nm, p, sch, with_patronymic ? p->patro_style : 0, out);
}

/* ---- queries ---- */

const char *synth_kind_name(enum synth_kind k)
{
	static const char *const n[KIND_COUNT] = {
		"script",        "mrz",          "old-russian",   "uzbek-x-j", "typo",
		"swapped-order", "date-swapped", "date-typo",     "year-only", "patronymic",
		"namesake",      "sibling",      "other-surname", "random",
	};
	return n[k];
}

/* "surname given patronymic", or given first; empty fields skipped. */
static void join_fields(const struct synth_fields *f, bool given_first, char *buf, size_t size)
{
	const char *parts[3] = { f->surname, f->given, f->patronymic };
	struct out o;
	if (given_first) {
		parts[0] = f->given;
		parts[1] = f->patronymic;
		parts[2] = f->surname;
	}
	out_init(&o, buf, size);
	for (int i = 0; i < 3; i++) {
		if (!parts[i][0])
			continue;
		if (o.len)
			out_str(&o, " ");
		out_str(&o, parts[i]);
	}
}

/* Mixed case from the MRZ's upper case: TOKHTASINOV -> Tokhtasinov. */
static void mixed_case(char *s)
{
	bool start = true;
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z' && !start)
			*s = (char)(*s + 32);
		start = *s == ' ';
	}
}

static size_t count_cps(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* A random letter of the script and case of cp, other than cp. */
static uint32_t other_letter(uint32_t cp, struct gen_rng *r)
{
	static const uint32_t arabic[] = { 0x627, 0x628, 0x62a, 0x62c, 0x62d, 0x62f, 0x631,
					   0x632, 0x633, 0x634, 0x639, 0x641, 0x642, 0x644,
					   0x645, 0x646, 0x647, 0x648, 0x6cc, 0x6a9 };
	for (;;) {
		uint32_t c;
		if (cp >= 'A' && cp <= 'Z')
			c = 'A' + synth_rng_below(r, 26);
		else if (cp >= 'a' && cp <= 'z')
			c = 'a' + synth_rng_below(r, 26);
		else if (cp >= 0x600 && cp <= 0x6ff)
			c = arabic[synth_rng_below(r, ARRAY_SIZE(arabic))];
		else if (cyr_upper(cp))
			c = 0x410 + synth_rng_below(r, 32);
		else if (cp >= 0x400 && cp <= 0x4ff)
			c = 0x430 + synth_rng_below(r, 32);
		else
			c = 'a' + synth_rng_below(r, 26);
		/* no hard or soft signs, no Ы: a clerk's slip hits a letter */
		if (c != cp && c != 0x44a && c != 0x44c && c != 0x42a && c != 0x42c)
			return c;
	}
}

/*
 * One typing error in the name: in the first token of six letters or more
 * (the surname in surname-first order), or the longest token. A letter
 * replaced, dropped, doubled, or swapped with its neighbour; never the
 * first letter.
 */
static void add_typo(char *name, size_t size, struct gen_rng *r)
{
	size_t best = 0, best_len = 0, best_cps = 0, pos = 0;
	bool chosen = false;
	while (name[pos]) {
		size_t end = pos;
		while (name[end] && name[end] != ' ')
			end++;
		size_t cps = count_cps(name + pos, end - pos);
		if (!chosen && cps >= 6) {
			best = pos;
			best_len = end - pos;
			best_cps = cps;
			chosen = true;
		} else if (!chosen && cps > best_cps) {
			best = pos;
			best_len = end - pos;
			best_cps = cps;
		}
		pos = name[end] ? end + 1 : end;
	}
	if (best_cps < 3)
		return;
	uint32_t cps[SYN_NAME_MAX];
	size_t n = 0;
	for (size_t i = best; i < best + best_len;) {
		i += utf8_get(name + i, &cps[n]);
		n++;
	}
	size_t at = 1 + synth_rng_below(r, (uint32_t)(n - 1));
	switch (synth_rng_below(r, 4)) {
	case 0: cps[at] = other_letter(cps[at], r); break;
	case 1:
		memmove(cps + at, cps + at + 1, (n - at - 1) * sizeof *cps);
		n--;
		break;
	case 2:
		if (at + 1 >= n)
			at--;
		if (at >= 1 && cps[at] != cps[at + 1]) {
			uint32_t t = cps[at];
			cps[at] = cps[at + 1];
			cps[at + 1] = t;
		} else {
			cps[at] = other_letter(cps[at], r);
		}
		break;
	default:
		memmove(cps + at + 1, cps + at, (n - at) * sizeof *cps);
		n++;
		break;
	}
	char buf[SYN_NAME_MAX * 2];
	struct out o;
	out_init(&o, buf, sizeof buf);
	char head[SYN_NAME_MAX];
	snprintf(head, sizeof head, "%.*s", (int)best, name);
	out_str(&o, head);
	for (size_t i = 0; i < n; i++)
		out_cp(&o, cps[i]);
	out_str(&o, name + best + best_len);
	snprintf(name, size, "%s", buf);
}

/* Latin edit distance (Levenshtein) of two short ASCII strings. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), prev[SYN_FIELD_MAX + 1], cur[SYN_FIELD_MAX + 1];
	if (n > SYN_FIELD_MAX || m > SYN_FIELD_MAX)
		return SYN_FIELD_MAX;
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, (m + 1) * sizeof *prev);
	}
	return prev[m];
}

/* Does the query date differ from d in at least two digits of YYYYMMDD? */
static bool digits_apart(int y1, int m1, int d1, int y2, int m2, int d2)
{
	char a[16], b[16];
	int diff = 0;
	snprintf(a, sizeof a, "%04d%02d%02d", y1, m1, d1);
	snprintf(b, sizeof b, "%04d%02d%02d", y2, m2, d2);
	for (int i = 0; i < 8; i++)
		diff += a[i] != b[i];
	return diff >= 2;
}

static size_t pool_size(const struct synth_names *nm, enum synth_origin o, int sex)
{
	if (o == SYN_AFG)
		return sex == SYN_MALE ? ARRAY_SIZE(afg_male) : ARRAY_SIZE(afg_female);
	(void)nm;
	return sex == SYN_MALE ? specs[o].nmale : specs[o].nfemale;
}

static const char *given_cyr(enum synth_origin o, int sex, size_t i)
{
	if (o == SYN_AFG)
		return sex == SYN_MALE ? afg_male[i].lat : afg_female[i].lat;
	return sex == SYN_MALE ? specs[o].male[i] : specs[o].female[i];
}

int synth_query_make(const struct synth_names *nm, struct gen_rng *r, enum synth_kind kind,
		     const struct synth_person *listed, int32_t target, struct synth_query *out)
{
	struct synth_query q;
	struct synth_fields f;
	enum synth_scheme sch = (enum synth_scheme)listed->scheme;
	bool given_first = false, mixed = false;
	int patro = 0;
	bool listed_latin = synth_scheme_script(sch) == SYN_SCRIPT_LATIN;

	memset(&q, 0, sizeof q);
	q.p = *listed;
	q.kind = (uint8_t)kind;
	q.target = kind < KIND_FIRST_NONMATCH ? target : -1;
	/* what the stored form is, for a query "as the list writes it" */
	enum synth_scheme stored_or_mrz = synth_rng_chance(r, 50) ? sch : SCH_ICAO;
	switch (kind) {
	case KIND_SCRIPT:
		if (listed->origin == SYN_AFG) {
			if (sch == SCH_ARABIC)
				sch = synth_rng_chance(r, 50) ? SCH_AFLAT : SCH_CYR;
			else
				sch = sch == SCH_CYR || synth_rng_chance(r, 60) ? SCH_ARABIC :
										  SCH_CYR;
		} else if (listed_latin) {
			sch = SCH_CYR;
		} else if (listed->origin == SYN_KAZ) {
			sch = SCH_KZLAT;
		} else if (listed->origin == SYN_UZB) {
			sch = SCH_UZLAT;
		} else if (listed->origin == SYN_TKM) {
			sch = SCH_TMLAT;
		} else {
			/* Latin as a neighbour's record writes it, patronymic and all */
			sch = SCH_ICAO;
			mixed = true;
		}
		patro = listed->patro_listed ? listed->patro_style : 0;
		break;
	case KIND_MRZ: sch = SCH_ICAO; break;
	case KIND_OLDRU:
		sch = SCH_OLDRU;
		if (listed->patro_listed && synth_rng_chance(r, 50))
			patro = listed->patro_style;
		break;
	case KIND_UZX:
		if (sch == SCH_UZLAT || sch == SCH_UZLAT_ASCII)
			return -1;
		sch = SCH_UZLAT_ASCII;
		break;
	case KIND_TYPO:
		sch = synth_rng_chance(r, 60) ? sch : SCH_ICAO;
		patro = listed->patro_listed ? listed->patro_style : 0;
		break;
	case KIND_SWAP:
		sch = stored_or_mrz;
		given_first = true;
		patro = listed->patro_listed ? listed->patro_style : 0;
		break;
	case KIND_DATESWAP:
		if (listed->day > 12 || listed->day == listed->month)
			return -1;
		sch = stored_or_mrz;
		patro = listed->patro_listed ? listed->patro_style : 0;
		q.p.month = listed->day;
		q.p.day = listed->month;
		break;
	case KIND_DATETYPO:
		/* a valid date one digit away: 1975-03-14 as 1975-08-14 or 1976-03-14 */
		for (int tries = 0;; tries++) {
			int y = listed->year, m = listed->month, d = listed->day;
			int digit = (int)synth_rng_below(r, 6), v = (int)synth_rng_below(r, 10);
			if (tries > 50)
				return -1;
			switch (digit) { /* the year's last two digits, the month's, the day's */
			case 0: y = y / 100 * 100 + v * 10 + y % 10; break;
			case 1: y = y / 10 * 10 + v; break;
			case 2: m = v * 10 + m % 10; break;
			case 3: m = m / 10 * 10 + v; break;
			case 4: d = v * 10 + d % 10; break;
			default: d = d / 10 * 10 + v; break;
			}
			if ((y == listed->year && m == listed->month && d == listed->day) ||
			    y < 1930 || y > 2010 || m < 1 || m > 12 || d < 1 ||
			    d > month_days(y, m))
				continue;
			q.p.year = (int16_t)y;
			q.p.month = (uint8_t)m;
			q.p.day = (uint8_t)d;
			break;
		}
		sch = stored_or_mrz;
		break;
	case KIND_YEARONLY:
		sch = stored_or_mrz;
		patro = listed->patro_listed ? listed->patro_style : 0;
		break;
	case KIND_PATRONYMIC:
		if (listed->origin == SYN_AFG)
			return -1;
		if (listed->patro_listed) {
			if (listed->origin != SYN_KAZ && listed->origin != SYN_KGZ &&
			    listed->origin != SYN_UZB)
				return -1;
			/* the same father, in the other style */
			patro = listed->patro_style == SYN_PATRO_RUSSIAN ? SYN_PATRO_REGIONAL :
									   SYN_PATRO_RUSSIAN;
		} else {
			patro = listed->patro_style;
		}
		sch = stored_or_mrz;
		break;
	case KIND_NAMESAKE:
		for (;;) {
			int dy = 3 + (int)synth_rng_below(r, 13);
			q.p.year = (int16_t)(listed->year + (synth_rng_chance(r, 50) ? dy : -dy));
			q.p.month = (uint8_t)(1 + synth_rng_below(r, 12));
			q.p.day =
				(uint8_t)(1 + synth_rng_below(r, (uint32_t)month_days(q.p.year,
										      q.p.month)));
			if (digits_apart(q.p.year, q.p.month, q.p.day, listed->year, listed->month,
					 listed->day))
				break;
		}
		sch = stored_or_mrz;
		break;
	case KIND_SIBLING: {
		size_t n = pool_size(nm, (enum synth_origin)listed->origin, listed->sex);
		const char *was = given_cyr((enum synth_origin)listed->origin, listed->sex,
					    listed->given[listed->ngiven - 1]);
		for (;;) {
			uint16_t g = (uint16_t)synth_rng_below(r, (uint32_t)n);
			if (strcmp(given_cyr((enum synth_origin)listed->origin, listed->sex, g),
				   was)) {
				q.p.given[q.p.ngiven - 1] = g;
				break;
			}
		}
		int dy = 1 + (int)synth_rng_below(r, 6);
		q.p.year = (int16_t)(listed->year + (synth_rng_chance(r, 50) ? dy : -dy));
		q.p.month = (uint8_t)(1 + synth_rng_below(r, 12));
		q.p.day = (uint8_t)(1 +
				    synth_rng_below(r, (uint32_t)month_days(q.p.year, q.p.month)));
		sch = stored_or_mrz;
		patro = listed->patro_listed && synth_rng_chance(r, 50) ? listed->patro_style : 0;
		break;
	}
	case KIND_SURNAME: {
		/* another surname of the same origin, at least three letters apart */
		struct synth_fields a, b;
		synth_render(nm, listed, SCH_ICAO, false, &a);
		for (int tries = 0;; tries++) {
			if (tries > 100)
				return -1;
			q.p.surname = zipf_draw(&nm->o[listed->origin].zsurname, r);
			synth_render(nm, &q.p, SCH_ICAO, false, &b);
			if (edit_distance(a.surname, b.surname) >= 3)
				break;
		}
		sch = stored_or_mrz;
		patro = listed->patro_listed && synth_rng_chance(r, 50) ? listed->patro_style : 0;
		break;
	}
	case KIND_RANDOM:
		person_draw(nm, r, draw_origin(r), &q.p);
		sch = synth_rng_chance(r, 50) ? (enum synth_scheme)q.p.scheme : SCH_ICAO;
		patro = q.p.patro_listed ? q.p.patro_style : 0;
		break;
	default: return -1;
	}
	render_style(nm, &q.p, sch, patro, &f);
	join_fields(&f, given_first, q.name, sizeof q.name);
	if (mixed)
		mixed_case(q.name);
	if (kind == KIND_TYPO)
		add_typo(q.name, sizeof q.name, r);
	q.scheme = (uint8_t)sch;
	q.cross_script = synth_scheme_script(sch) != synth_scheme_script(listed->scheme);
	q.year = q.p.year;
	q.month = kind == KIND_YEARONLY ? 0 : q.p.month;
	q.day = kind == KIND_YEARONLY ? 0 : q.p.day;
	*out = q;
	return 0;
}
