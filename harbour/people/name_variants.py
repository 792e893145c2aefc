"""Names that are the same name: short forms, nicknames and common spellings in Latin letters.

Hand-written for Harbour from general knowledge of naming in the region (no list of real
people was used); part of Harbour and under its licence (MIT). Each line is a group: the
first word is the group's canonical form, and every word in the line is treated as the same
name by the matcher (``harbour.people.names``). A word may appear in several groups ("alex"
is short for Alexandra and for Alexander; "jo" for Joanne and Josephine).

Keep groups to forms that people really use for one another. A group that is too wide (for
example every name beginning "Ann") puts unrelated people together: the search still scores
them apart, but reads more records to do so.

``ARABIC`` maps names written in Arabic script to one Latin spelling. Arabic script usually
leaves short vowels unwritten, so a letter-by-letter transliteration ("mhmd") is far from any
spelling on file ("Mohammed"); the commonest names are therefore looked up whole. Other
scripts (Cyrillic, Greek, Chinese...) are transliterated letter by letter (``anyascii``).
"""

from __future__ import annotations

# Given names: short forms and nicknames (English, Irish, and the region's other communities).
NICKNAMES = """
elizabeth liz lizzie lizzy beth betty bette betsy bess bessie eliza elsie libby elspeth lisbeth
margaret maggie meg peggy marge margie greta maisie mags mairead
mary molly polly mae mamie maria marie
catherine kate katie katy kat kath kathy cathy cath kay kitty katherine kathryn kathleen
rebecca becky becca bex
jennifer jen jenny jenni
samantha sam sammy sammie
victoria vicky vicki vikki tori
alexandra alex lexi sasha sandra sandy alexa
christine chris chrissie chrissy kris tina christina kristina
patricia pat patty trish tricia
susan sue susie suzie suzy suzanne
deborah debbie debs deb debra
jacqueline jackie jacqui jacky
abigail abi abby abbie gail
amanda mandy
danielle dani
nicola nicky nikki nic nicole
stephanie steph stephie
charlotte charlie lottie lotte
eleanor ellie nell nellie elinor
helen helena ellen elena olena lena
isabel isabella isobel izzy issy bella
josephine jo josie jojo
joanne jo joanna joann
jessica jess jessie
natalie nat natalia natasha tasha
kimberley kim kimberly
caroline carol carole carrie caz carolyn
frances fran frankie
teresa theresa tess tessa terri
louise lou louisa lulu
olivia liv livvy livia
sophie sophia sofia zofia soph
anne ann anna annie anya hannah hanna ana
gillian gill jill gilly
dorothy dot dotty dolly dorota
barbara barb babs basia
agnieszka aga agnes
katarzyna kasia kasha kate katarina
malgorzata gosia margaret
ekaterina katya kateryna yekaterina katerina
anastasia nastya stacey stacy
tatiana tanya tetiana tatyana
svetlana sveta svitlana
lyudmila luda ludmila
william bill billy will willie liam
robert bob bobby rob robbie bert
richard rick ricky dick rich richie
michael mike mick mickey micky michal mykhailo mikhail
james jim jimmy jamie
john johnny jon
jonathan jon jonny johnny
thomas tom tommy
anthony tony ant antony
david dave davey dai
joseph joe joey
edward ed eddie ted teddy ned
andrew andy drew
matthew matt matty
peter pete
benjamin ben benny
kenneth ken kenny
lawrence larry laurence
terence terry
stephen steve stevie steven
christopher chris kit
daniel dan danny
nicholas nick nicky mykola mikolaj
alexander alex alec sandy sasha oleksandr aleksandr aleksander
oluwaseun seun
adebayo bayo
babatunde tunde
chukwuemeka emeka
oluwafunmilayo funmi funmilayo
olufunke funke
oluwatoyin toyin
abimbola bimbo bimpe
ifeoma ify
mohammed mo
"""

# Spellings of one name in Latin letters (transliterations and spelling traditions).
SPELLINGS = """
mohammed muhammad mohamed mohammad muhammed mohamad mohamud mahamed mahammad muhamed
ahmed ahmad ahmet ahamed
aisha ayesha aysha ayisha aishah aiysha ayeesha
fatima fatimah fatma fatuma fatmah
hussain hussein husain hosein husayn hossain hossein
hassan hasan hasen
yusuf yousef youssef yusef yousuf yosef
abdullah abdulla abdallah
umar omar omer
khadija khadijah khadeeja khadijha
maryam mariam miriam meryem
zainab zaynab zeinab zenab
nur noor nour
ibrahim ebrahim ibraheem
ismail ismael esmail
mustafa mustapha mostafa
mahmud mahmood mahmoud
khalid khaled
amina aminah ameena
halima halimah haleema
layla leila laila leyla
sara sarah
rahman rehman rahmaan
choudhury chowdhury chaudhry chaudhary choudhry chaudhri
akhtar akhter
siddiqui siddiqi siddique
qureshi kureishi qureishi
begum begom
aleksandra alexandra oleksandra
olga olha
yulia julia yuliya iuliia juliya julija
natalia nataliya natalya natalija
ekaterina yekaterina kateryna katerina
anastasia anastasiia anastasiya
oksana oxana
svetlana svitlana
irina iryna irena
maria mariya mariia
sergei sergey serhii serhiy siarhei
dmitri dmitry dmytro dimitri
andrei andriy andrii andrey andrzej
nikolai mykola nikolay mikolaj
vladimir volodymyr wlodzimierz
yuri yurii jurij yury
mikhail mykhailo michal
pavel pavlo pawel
kovalenko kowalenko
shevchenko szewczenko
nowak novak
wisniewska vishnevskaya visnevska
siobhan shivaun chevonne shavon
niamh neve neeve
aoife eefa
caoimhe keeva
sinead shinead
saoirse seersha
grainne grania
roisin rosheen
ciara kiara keira kira
catriona caitriona katriona
harpreet harprit
gurpreet gurprit
priya pria
lakshmi laxmi
"""

# Names in Arabic script, to one Latin spelling (the first of its group in SPELLINGS).
ARABIC = {
    "محمد": "mohammed",
    "أحمد": "ahmed",
    "احمد": "ahmed",
    "علي": "ali",
    "حسن": "hassan",
    "حسين": "hussain",
    "فاطمة": "fatima",
    "فاطمه": "fatima",
    "عائشة": "aisha",
    "عايشة": "aisha",
    "خديجة": "khadija",
    "مريم": "maryam",
    "زينب": "zainab",
    "يوسف": "yusuf",
    "إبراهيم": "ibrahim",
    "ابراهيم": "ibrahim",
    "إسماعيل": "ismail",
    "اسماعيل": "ismail",
    "عمر": "umar",
    "عبدالله": "abdullah",
    "نور": "nur",
    "سارة": "sara",
    "ساره": "sara",
    "ليلى": "layla",
    "أمينة": "amina",
    "امينة": "amina",
    "حليمة": "halima",
    "مصطفى": "mustafa",
    "محمود": "mahmud",
    "خالد": "khalid",
    "سعيد": "said",
    "رحمن": "rahman",
    "الرحمن": "rahman",
    "عثمان": "osman",
    "صالح": "saleh",
    "كريم": "karim",
    "جميلة": "jamila",
    "سلمى": "salma",
    "هدى": "huda",
    "رانيا": "rania",
    "دينا": "dina",
    "ياسمين": "yasmin",
    "منى": "mona",
    "آمنة": "amna",
    "امنة": "amna",
    "عبد": "abd",
    "بن": "bin",
    "بنت": "bint",
    "ال": "al",
}


def groups(text: str) -> list[tuple[str, ...]]:
    """The groups of a table above, as tuples of words (canonical form first)."""
    return [tuple(line.split()) for line in text.strip().splitlines() if line.strip()]
