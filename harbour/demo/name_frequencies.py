"""Name-frequency lists for the synthetic population (``harbour.demo.population``).

Hand-written for Harbour (MIT licence, like the rest of it) from general knowledge of naming in
the region: the commonest names of each community in rank order, with shares that follow the
shape of published aggregate statistics (the ONS baby-name statistics and the 2021 Census
ethnic-group figures, both under the Open Government Licence v3.0, were the guide to which
names are common and roughly how common), not copied from them. No list of real people, and
nothing derived from leaked personal data, was used. Rare names are made up by the generator
from the word parts below, so that the long tail of a real population is there too.

Lists are in rank order, commonest first; the generator gives rank ``r`` a share that falls
like ``r ** -0.6`` through the list, and continues more steeply into the made-up tail.

These lists are kept apart from the matcher's own tables (``harbour.people.name_variants``):
the spellings, short forms and scripts used to make query variations below were written
separately, so a bench does not measure the matcher against its own answers.
"""

from __future__ import annotations

# Communities of the region and their shares of the population (roughly the 2021 Census
# ethnic-group shares of the Liverpool City Region, with its long-settled Irish, Chinese,
# Somali and Yemeni communities).
COMMUNITIES = {
    "british": 0.80,
    "irish": 0.06,
    "eastern_european": 0.04,
    "south_asian": 0.03,
    "west_african": 0.015,
    "somali": 0.01,
    "arab": 0.01,
    "chinese": 0.01,
    "other": 0.025,
}

# British given names of women, by the decade band in which they were commonest.
BRITISH_WOMEN = {
    "before_1970": """Susan Margaret Patricia Christine Linda Elizabeth Janet Carol Mary Barbara
        Jean Sandra Julie Karen Pauline Jacqueline Lesley Gillian Elaine Maureen Anne Kathleen
        Brenda Valerie Helen Deborah Alison Joan Sheila Jennifer Diane Angela Lorraine Denise
        Wendy Dawn Tracey Beverley Jane Ann Janice Irene Doreen Joyce Catherine Carole Hazel
        Marion Pamela Sharon Shirley Frances Rosemary Dorothy Judith Lynne Yvonne Marilyn
        Teresa Glenys Eileen Sylvia Josephine Veronica Maria Heather Sally Lynda Geraldine""",
    "1970_1989": """Sarah Emma Claire Nicola Lisa Laura Rebecca Michelle Joanne Rachel Gemma
        Amanda Samantha Kelly Louise Victoria Stephanie Helen Katie Jennifer Elizabeth Kerry
        Lindsey Donna Zoe Hayley Kirsty Natalie Leanne Danielle Vicky Kimberley Catherine
        Charlotte Hannah Amy Lucy Jessica Emily Jodie Kate Tracy Lynsey Melanie Sophie Jade
        Stacey Alison Anna Jenna Rachael Kathryn Lyndsey Joanna Suzanne Karen Caroline Debbie
        Angela Ruth Clare Julie Leah Carly Kayleigh Sian Kathleen""",
    "1990_onwards": """Jessica Chloe Lauren Emily Sophie Hannah Megan Charlotte Rebecca Amy
        Olivia Ellie Grace Georgia Bethany Holly Emma Abigail Jade Lucy Molly Katie Sophia
        Amelia Ella Isabella Mia Ava Lily Isla Poppy Evie Freya Millie Daisy Phoebe Ruby Erin
        Niamh Caitlin Courtney Shannon Paige Jasmine Eleanor Leah Abbie Rachel Danielle
        Elizabeth Alice Summer Scarlett Brooke Keira Rosie Imogen Maisie Layla Madison Libby
        Casey Nicole Tegan Kayla Francesca Harriet Zara Jorja Elise""",
}
# Word parts for made-up rarer given names of women ("Mar" + "ielle").
GIVEN_STARTS = """Ama Bel Cor Dar Ela Fen Gwen Isa Jes Kai Lor Mar Nel Ori Pen Ros Sel Tam Val
    Wyn Ada Bri Cal Del Eve Fay Ilo Jan Kes Lil Mab Nor Rae Sky Tia Zel"""
GIVEN_ENDS = "a ie elle ine ette ia lyn na issa ina ora anne ey ise"
BRITISH_MEN = """David John Paul Michael Mark Andrew Peter Stephen Robert James Christopher
    Richard Anthony Steven Daniel Thomas Matthew Gary Ian Kevin Lee Darren Craig Jason Simon
    Martin Neil Wayne Carl Dean Liam Ryan Adam Luke Jamie Scott Shaun Sean Joseph Jack Callum
    Connor Kieran Jordan Nathan Jake Joshua Lewis Ben Sam Alan Brian Keith Graham Colin Stuart
    Barry Terry Philip William George Kenneth Gareth Aaron Tony Jonathan Nicholas Edward
    Benjamin Alexander Harry Charlie Oliver Bradley Reece Kyle Tyler Owen Dylan Ashley Jeffrey
    Raymond Roy Derek Trevor Russell Glen Leon Mohammed"""
BRITISH_SURNAMES = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson
    Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke
    Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison
    Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths
    Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
    Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray
    Mason Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
    Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson
    Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West
    Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth
    Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster
    Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
    Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean
    Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross
    Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis
    Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy
    Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke
    May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley
    Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens
    Blake Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Clayton Nash
    Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath
    Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Farrell
    Duncan Mellor Gough Sweeney Rimmer Fairclough Molyneux Ashcroft Kirkby Gorst Formby
    Halsall Aspinall Unsworth Birchall Tyrer Culshaw Blundell Swift Rigby Barlow Cheetham"""
# Word parts for made-up rare British family names ("Ash" + "worth" is "Ashworth").
BRITISH_STARTS = """Ash Black Brad Brook Cal Cross Dal Elm Fair Gold Green Hal Hart Hay Holt
    Kings Lang Lea Mar Mid Nor Oak Pen Red Rich Ros Shel South Stan Thorn War Wes White Wood
    Wy Ald Bar Bel Bur Car Cliff Dun Ed Fal Gar Har Hen Kil Lin Mel Mor New Pel Rad Sal Sher
    Stock Tal Ted Wal Whit Win Yar Ack Bick Bram Chad Cor Dray Fen Grim Hock Lock Mot Pick
    Rams Scar Sned Tarl Thurl Ulls Wark Brom"""
MIDDLES = "er in ing al el ow ar en or is ton wood ly mer den ford ham lan ster ber"
BRITISH_ENDS = """ley ton worth ford field wood by ham well croft shaw more dale wick stone bury
    cliffe land man son den hurst low bank brook combe cott gate hall ridge stead thwaite
    wright lock ington ingham thorpe ell ett ick all"""

IRISH_WOMEN = """Siobhán Niamh Aoife Ciara Sinéad Róisín Orla Aisling Gráinne Máire Bridget
    Deirdre Eileen Maeve Caoimhe Saoirse Clodagh Emer Fionnuala Nuala Sorcha Úna Éabha Mary
    Kathleen Margaret Anne Catherine Patricia Teresa Bernadette Colette Noreen Dympna"""
IRISH_MEN = """Seán Patrick Michael John Liam Ciarán Declan Cathal Eoin Niall Pádraig Colm
    Dónal Diarmuid Fergal Brendan Kevin Conor Darragh Eamon Kieran Aidan Cormac Ronan"""
IRISH_SURNAMES = """Murphy Kelly O'Brien Ryan O'Sullivan Walsh O'Connor McCarthy Byrne O'Neill
    Doyle Kennedy Lynch Murray Quinn Moore McLaughlin Carroll Connolly Daly Doherty Dunne
    Brennan Burke Collins Campbell Clarke Johnston Hughes Farrell Fitzgerald Martin Maguire
    Nolan Flynn Callaghan O'Donnell Duffy Mahony Boyle Healy O'Shea Sweeney Hayes Kavanagh
    Power McGrath Moran Brady Casey Foley Fitzpatrick O'Leary McDonnell McMahon Donnelly Regan
    Donovan Burns Flanagan Mullan Barry Kane Cunningham Griffin Kenny Sheehan Whelan Lyons
    Higgins Cullen Keane Maher McKenna Hogan O'Keeffe Magee McNamara McDermott Moloney
    O'Rourke O'Dwyer Ó Briain Mac Giolla"""
IRISH_STARTS = "O'Don O'Mal Mac Mc O'Cal Mul Dun Fitz Kil Gal Con Fla Hen Car Dev Shan"
IRISH_ENDS = "ahy nell oney igan ahan an ey ane erty ally ihy ough"

# Eastern European names, with the spelling in Cyrillic where the community writes in it.
# Family names of women take the feminine form where the language has one.
POLISH_WOMEN = """Anna Katarzyna Magdalena Agnieszka Joanna Monika Małgorzata Ewa Aleksandra
    Karolina Natalia Paulina Justyna Marta Dorota Barbara Beata Sylwia Agata Zofia Emilia
    Weronika Kinga Izabela Patrycja"""
POLISH_MEN = """Piotr Krzysztof Tomasz Paweł Michał Marcin Łukasz Andrzej Mateusz Adam
    Kamil Jakub Grzegorz Dariusz Rafał Wojciech"""
POLISH_SURNAMES_WOMEN = """Nowak Kowalska Wiśniewska Wójcik Kowalczyk Kamińska Lewandowska
    Zielińska Szymańska Woźniak Dąbrowska Kozłowska Jankowska Mazur Kwiatkowska Krawczyk
    Piotrowska Grabowska Nowakowska Pawłowska Michalska Nowicka Adamczyk Dudek Zając
    Wieczorek"""
POLISH_SURNAMES_MEN = """Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski
    Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk
    Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając
    Wieczorek"""
POLISH_STARTS = "Kowal Wit Mar Krol Sob Gaj Zar Pas Mich Rut Bor Jas Lip Dob Prz Gor Szcz Mik"
POLISH_ENDS_WOMEN = "ska cka ewska owska ak czyk ek"
POLISH_ENDS_MEN = "ski cki ewski owski ak czyk ek"
ROMANIAN_WOMEN = """Maria Elena Ioana Andreea Alexandra Mihaela Ana Cristina Gabriela
    Florentina Adriana Daniela Simona Roxana Alina Georgiana"""
ROMANIAN_MEN = "Ion Andrei Mihai Alexandru Gheorghe Florin Marian Constantin Ionuț Cătălin"
ROMANIAN_SURNAMES = """Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Rusu Munteanu
    Matei Constantin Șerban Moldovan Lazăr Ciobanu Dinu"""
LITHUANIAN_WOMEN = "Rūta Jurgita Vilma Agnė Lina Aistė Giedrė Kristina Inga Laura"
LITHUANIAN_MEN = "Tomas Mantas Darius Andrius Mindaugas Jonas Paulius Marius"
LITHUANIAN_SURNAMES_WOMEN = """Kazlauskienė Jankauskienė Petrauskienė Stankevičienė
    Vasiliauskienė Žukauskienė Butkienė Paulauskienė Urbonienė Kavaliauskienė Navickienė
    Ramanauskienė Savickienė Rimkienė Baranauskienė Vaitkienė Sakalauskienė Adomaitienė"""
LITHUANIAN_SURNAMES_MEN = """Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas
    Žukauskas Butkus Paulauskas Urbonas Kavaliauskas Navickas Ramanauskas Savickas Rimkus
    Baranauskas Vaitkus Sakalauskas Adomaitis"""
# (Latin spelling, Cyrillic spelling)
UKRAINIAN_WOMEN = [
    ("Olena", "Олена"), ("Oksana", "Оксана"), ("Nataliia", "Наталія"), ("Iryna", "Ірина"),
    ("Tetiana", "Тетяна"), ("Yuliia", "Юлія"), ("Svitlana", "Світлана"),
    ("Kateryna", "Катерина"), ("Anastasiia", "Анастасія"), ("Olha", "Ольга"),
    ("Viktoriia", "Вікторія"), ("Mariia", "Марія"), ("Halyna", "Галина"),
    ("Liudmyla", "Людмила"), ("Oleksandra", "Олександра"),
]  # fmt: skip
UKRAINIAN_MEN = [
    ("Oleksandr", "Олександр"), ("Andrii", "Андрій"), ("Serhii", "Сергій"), ("Dmytro", "Дмитро"),
    ("Mykola", "Микола"), ("Volodymyr", "Володимир"), ("Yurii", "Юрій"), ("Ivan", "Іван"),
    ("Vasyl", "Василь"), ("Taras", "Тарас"),
]  # fmt: skip
UKRAINIAN_SURNAMES = [
    ("Kovalenko", "Коваленко"), ("Shevchenko", "Шевченко"), ("Bondarenko", "Бондаренко"),
    ("Tkachenko", "Ткаченко"), ("Kravchenko", "Кравченко"), ("Melnyk", "Мельник"),
    ("Boiko", "Бойко"), ("Kovalchuk", "Ковальчук"), ("Oliinyk", "Олійник"),
    ("Shevchuk", "Шевчук"), ("Polishchuk", "Поліщук"), ("Lysenko", "Лисенко"),
    ("Marchenko", "Марченко"), ("Rudenko", "Руденко"), ("Savchenko", "Савченко"),
]  # fmt: skip
RUSSIAN_WOMEN = [
    ("Anna", "Анна"), ("Olga", "Ольга"), ("Elena", "Елена"), ("Natalya", "Наталья"),
    ("Tatyana", "Татьяна"), ("Irina", "Ирина"), ("Svetlana", "Светлана"),
    ("Ekaterina", "Екатерина"), ("Yulia", "Юлия"), ("Anastasia", "Анастасия"),
    ("Aleksandra", "Александра"), ("Marina", "Марина"), ("Daria", "Дарья"),
]  # fmt: skip
RUSSIAN_MEN = [
    ("Aleksandr", "Александр"), ("Sergei", "Сергей"), ("Dmitry", "Дмитрий"),
    ("Andrei", "Андрей"), ("Alexei", "Алексей"), ("Ivan", "Иван"), ("Mikhail", "Михаил"),
]  # fmt: skip
RUSSIAN_SURNAMES_WOMEN = [
    ("Ivanova", "Иванова"), ("Smirnova", "Смирнова"), ("Kuznetsova", "Кузнецова"),
    ("Popova", "Попова"), ("Petrova", "Петрова"), ("Sokolova", "Соколова"),
    ("Volkova", "Волкова"), ("Morozova", "Морозова"), ("Novikova", "Новикова"),
]  # fmt: skip
RUSSIAN_SURNAMES_MEN = [
    ("Ivanov", "Иванов"), ("Smirnov", "Смирнов"), ("Kuznetsov", "Кузнецов"),
    ("Popov", "Попов"), ("Petrov", "Петров"), ("Sokolov", "Соколов"),
    ("Volkov", "Волков"), ("Morozov", "Морозов"), ("Novikov", "Новиков"),
]  # fmt: skip

SOUTH_ASIAN_WOMEN = """Fatima Ayesha Aisha Zainab Maryam Amina Sana Hina Nazia Shazia Rubina
    Nasreen Parveen Shabana Samina Farzana Rukhsana Nusrat Tahmina Sumaiya Iqra Anum Aleena
    Hafsa Mehwish Harpreet Gurpreet Manpreet Jaspreet Amandeep Rajinder Kuldeep Priya Pooja
    Neha Anjali Sunita Meena Asha Rekha Kavita Nisha Divya Shreya"""
SOUTH_ASIAN_MEN = """Mohammed Muhammad Ahmed Ali Imran Asif Tariq Zahid Shahid Kamran Bilal
    Usman Abdul Rizwan Rajesh Sanjay Amit Vikram Harjit Jaswinder Sukhwinder Arjun Rahul"""
SOUTH_ASIAN_SURNAMES = """Khan Ahmed Hussain Ali Akhtar Rahman Miah Uddin Islam Mahmood Iqbal
    Shah Javed Aslam Butt Malik Choudhury Qureshi Siddiqui Raza Anwar Rashid Patel Sharma
    Gupta Kumar Mistry Parmar Chauhan Joshi Desai Bhatt Sandhu Gill Dhillon Sidhu Bains"""
# Women of some families take these as family names (Begum, Bibi, Kaur); men Singh.
SOUTH_ASIAN_WOMEN_SURNAMES = "Begum Bibi Kaur Khatun Sultana"
SOUTH_ASIAN_MEN_SURNAMES = "Singh Miah"

WEST_AFRICAN_WOMEN = """Oluwaseun Adebola Folake Funmilayo Abimbola Titilayo Yetunde Omolara
    Bukola Ngozi Chioma Adaeze Nneka Ifeoma Chinwe Amaka Blessing Precious Grace Esther Mercy
    Abena Akosua Ama Efua Adwoa Yaa Afua Comfort Patience"""
WEST_AFRICAN_MEN = """Oluwaseun Babatunde Chukwuemeka Emeka Chinedu Obinna Kwame Kofi Kwabena
    Yaw Kojo Samuel Daniel Emmanuel Olumide Adewale Tunde Ikechukwu"""
WEST_AFRICAN_SURNAMES = """Okafor Okonkwo Adeyemi Adebayo Oyelaran Okeke Eze Nwosu Obi Okoro
    Ogunleye Afolabi Balogun Olaniyan Mensah Owusu Boateng Asante Osei Appiah Agyeman Amoah
    Danso Adjei Ofori Nkrumah Adeleke Oladipo Chukwu Nwachukwu Ibekwe Onyekachi"""
WEST_AFRICAN_STARTS = "Ade Olu Ogun Oye Aki Oba Nwa Chi Oko Ifea Ama Kwa Osa Bab Fol"
WEST_AFRICAN_ENDS = "yemi wale bayo nde kunle lade ji nwa eze chukwu kwu fo kye doh sah"

SOMALI_WOMEN = """Hodan Fadumo Amina Sahra Ayaan Ifrah Hawa Hibo Khadra Nimco Halima Sagal
    Muna Ubah Deeqa Farhiya Asha Idil"""
SOMALI_MEN = "Abdi Ahmed Mohamed Hassan Omar Yusuf Abdirahman Abdullahi Liban Mahad Osman"
SOMALI_SURNAMES = """Mohamed Ahmed Ali Hassan Abdi Hussein Omar Yusuf Farah Warsame Jama
    Abdullahi Osman Nur Ismail Aden Dahir Egal Hersi Mohamud Abdillahi Elmi"""

# (Latin spelling, Arabic spelling)
ARAB_WOMEN = [
    ("Fatima", "فاطمة"), ("Aisha", "عائشة"), ("Maryam", "مريم"), ("Noor", "نور"),
    ("Layla", "ليلى"), ("Rania", "رانيا"), ("Huda", "هدى"), ("Salma", "سلمى"),
    ("Amal", "أمل"), ("Hana", "هناء"), ("Yasmin", "ياسمين"), ("Reem", "ريم"),
    ("Dina", "دينا"), ("Mona", "منى"), ("Zahra", "زهراء"), ("Sara", "سارة"),
    ("Rasha", "رشا"), ("Samira", "سميرة"), ("Nadia", "نادية"), ("Khadija", "خديجة"),
]  # fmt: skip
ARAB_MEN = [
    ("Mohammed", "محمد"), ("Ahmed", "أحمد"), ("Ali", "علي"), ("Hassan", "حسن"),
    ("Omar", "عمر"), ("Khalid", "خالد"), ("Yusuf", "يوسف"), ("Ibrahim", "إبراهيم"),
    ("Mahmoud", "محمود"), ("Mustafa", "مصطفى"), ("Abdullah", "عبدالله"), ("Saleh", "صالح"),
    ("Karim", "كريم"),
]  # fmt: skip
ARAB_SURNAMES = [
    ("Al-Hashimi", "الهاشمي"), ("Saleh", "صالح"), ("Abdullah", "عبدالله"), ("Hassan", "حسن"),
    ("Ahmed", "أحمد"), ("Mohammed", "محمد"), ("Nasser", "ناصر"), ("Haddad", "حداد"),
    ("Khalil", "خليل"), ("Mansour", "منصور"), ("Othman", "عثمان"), ("Al-Zubaidi", "الزبيدي"),
    ("Qasim", "قاسم"), ("Al-Saidi", "السعيدي"), ("Ali", "علي"), ("Ibrahim", "إبراهيم"),
]  # fmt: skip

CHINESE_WOMEN = """Amy Mei Ling Ying Hui Jing Fang Yan Xiu Li Wendy Jenny Helen Grace Annie
    Lily Joyce Winnie Cindy Shirley"""
CHINESE_MEN = "Wei Jun Ming Hao Jian Kevin David Tony Michael Peter Chun Kwok"
CHINESE_SURNAMES = """Chan Wong Li Lee Cheung Lam Chen Liu Zhang Wang Yang Ng Ho Tang Lau
    Leung Yip Zhou Huang Lin Wu Chow Ma Yu"""

OTHER_STARTS = "Mar Al Fer Gon Ped Ros Cas Val Mon Ben Car Dom Pap Kon Nik Sar Bel Vic Lor Ten"
OTHER_ENDS = "ez es eira ino ini elli opoulos ides ado ero ano oglu yan ian"

# Others in the region: Kurdish, Iranian, Turkish, Filipino, Portuguese, Spanish, Greek, Italian.
OTHER_WOMEN = """Maria Ana Sofia Zahra Shirin Parisa Leila Nasrin Ayşe Fatma Elif Zeynep Emine
    Rowena Marites Joy Cristina Eleni Katerina Georgia Giulia Francesca Lucia Carmen Isabel
    Beatriz Inês"""
OTHER_MEN = """José Luis Carlos João Pedro Mehmet Mustafa Ali Reza Hossein Dara Giorgos
    Giuseppe Marco Antonio Rodel"""
OTHER_SURNAMES = """Silva Santos Ferreira Pereira Garcia Rodriguez Martinez Lopez Fernandez
    Gonzalez Ahmadi Hosseini Rezaei Karimi Mohammadi Yılmaz Kaya Demir Şahin Çelik Reyes
    Cruz Bautista Papadopoulos Georgiou Rossi Russo Esposito Bianchi Romano Costa"""

# Query variations -----------------------------------------------------------------------------
# Written apart from the matcher's tables: how people are known, and how names get spelt.

# Given name -> forms she may give or be known by.
KNOWN_AS = {
    "Elizabeth": ["Liz", "Beth", "Lizzie", "Betty", "Eliza"],
    "Margaret": ["Maggie", "Peggy", "Meg"],
    "Catherine": ["Cath", "Kate", "Cathy"],
    "Kathleen": ["Kath", "Kathy"],
    "Kathryn": ["Kate", "Katie"],
    "Rebecca": ["Becky", "Becca"],
    "Jennifer": ["Jen", "Jenny"],
    "Samantha": ["Sam", "Sammy"],
    "Victoria": ["Vicky", "Tori"],
    "Alexandra": ["Alex", "Sasha"],
    "Christine": ["Chris", "Chrissie"],
    "Patricia": ["Pat", "Trish"],
    "Susan": ["Sue", "Susie"],
    "Deborah": ["Debbie", "Debs"],
    "Jacqueline": ["Jackie"],
    "Abigail": ["Abbie", "Abi"],
    "Amanda": ["Mandy"],
    "Nicola": ["Nicky", "Nikki"],
    "Stephanie": ["Steph"],
    "Charlotte": ["Charlie", "Lottie"],
    "Eleanor": ["Ellie", "Nell"],
    "Isabella": ["Izzy", "Bella"],
    "Josephine": ["Jo", "Josie"],
    "Joanne": ["Jo"],
    "Jessica": ["Jess"],
    "Natalie": ["Nat"],
    "Kimberley": ["Kim"],
    "Caroline": ["Carrie"],
    "Frances": ["Fran"],
    "Teresa": ["Tess"],
    "Louise": ["Lou"],
    "Olivia": ["Liv"],
    "Sophie": ["Soph"],
    "Dorothy": ["Dot"],
    "Gillian": ["Gill"],
    "Danielle": ["Dani"],
    "Mary": ["Molly"],
    "Anne": ["Annie"],
    "Katarzyna": ["Kasia"],
    "Małgorzata": ["Gosia"],
    "Aleksandra": ["Ola"],
    "Ekaterina": ["Katya"],
    "Tatyana": ["Tanya"],
    "Anastasia": ["Nastya"],
    "Svetlana": ["Sveta"],
    "William": ["Bill", "Will", "Billy"],
    "Robert": ["Rob", "Bob", "Robbie"],
    "Richard": ["Rick", "Rich"],
    "Michael": ["Mike", "Mick"],
    "James": ["Jim", "Jimmy", "Jamie"],
    "Thomas": ["Tom", "Tommy"],
    "Anthony": ["Tony"],
    "David": ["Dave"],
    "Joseph": ["Joe"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Andrew": ["Andy"],
    "Matthew": ["Matt"],
    "Peter": ["Pete"],
    "Benjamin": ["Ben"],
    "Kenneth": ["Ken"],
    "Stephen": ["Steve"],
    "Steven": ["Steve"],
    "Christopher": ["Chris"],
    "Daniel": ["Dan", "Danny"],
    "Nicholas": ["Nick"],
    "Alexander": ["Alex"],
    "Jonathan": ["Jon", "Jonny"],
    "Babatunde": ["Tunde"],
    "Chukwuemeka": ["Emeka"],
    "Funmilayo": ["Funmi"],
    "Oluwaseun": ["Seun"],
}

# A name -> other Latin spellings of it that people write.
SPELT_AS = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"],
    "Muhammad": ["Mohammed", "Muhammed"],
    "Mohamed": ["Mohammed", "Mohamad"],
    "Ahmed": ["Ahmad"],
    "Aisha": ["Ayesha", "Aysha"],
    "Ayesha": ["Aisha"],
    "Fatima": ["Fatimah", "Fatma"],
    "Hussain": ["Hussein", "Husain"],
    "Hussein": ["Hussain"],
    "Hassan": ["Hasan"],
    "Yusuf": ["Yousef", "Youssef"],
    "Omar": ["Umar"],
    "Maryam": ["Mariam"],
    "Zainab": ["Zaynab"],
    "Noor": ["Nour", "Nur"],
    "Layla": ["Leila", "Laila"],
    "Khadija": ["Khadijah"],
    "Mahmoud": ["Mahmood"],
    "Mahmood": ["Mahmud"],
    "Mustafa": ["Mustapha"],
    "Choudhury": ["Chowdhury", "Chaudhry"],
    "Qureshi": ["Kureishi"],
    "Siddiqui": ["Siddiqi"],
    "Rahman": ["Rehman"],
    "Akhtar": ["Akhter"],
    "Aleksandra": ["Alexandra"],
    "Alexandra": ["Aleksandra"],
    "Oleksandra": ["Aleksandra", "Alexandra"],
    "Oleksandr": ["Alexander", "Aleksandr"],
    "Aleksandr": ["Alexander"],
    "Olha": ["Olga"],
    "Olga": ["Olha"],
    "Yuliia": ["Yulia", "Julia"],
    "Yulia": ["Julia", "Yuliya"],
    "Nataliia": ["Natalia", "Nataliya"],
    "Natalya": ["Natalia"],
    "Tetiana": ["Tatiana", "Tatyana"],
    "Tatyana": ["Tatiana"],
    "Kateryna": ["Katerina", "Ekaterina"],
    "Ekaterina": ["Yekaterina"],
    "Anastasiia": ["Anastasia"],
    "Iryna": ["Irina"],
    "Irina": ["Iryna"],
    "Svitlana": ["Svetlana"],
    "Mariia": ["Maria"],
    "Serhii": ["Sergei", "Sergey"],
    "Sergei": ["Sergey"],
    "Dmytro": ["Dmitry"],
    "Dmitry": ["Dmitri"],
    "Andrii": ["Andriy", "Andrei"],
    "Mykola": ["Nikolai"],
    "Volodymyr": ["Vladimir"],
    "Yurii": ["Yuri"],
    "Kovalenko": ["Kowalenko"],
    "Shevchenko": ["Szewczenko"],
    "Nowak": ["Novak"],
    "Siobhán": ["Shivaun", "Siobhan"],
    "Niamh": ["Neve"],
    "Aoife": ["Eefa"],
    "Caoimhe": ["Keeva"],
    "Sinéad": ["Shinead", "Sinead"],
    "Ciara": ["Kiara"],
    "Seán": ["Shaun", "Sean"],
    "Ciarán": ["Kieran"],
    "Pádraig": ["Padraig"],
    "Harpreet": ["Harprit"],
    "Priya": ["Pria"],
    "Abdirahman": ["Abdulrahman"],
    "Fadumo": ["Faadumo"],
}
