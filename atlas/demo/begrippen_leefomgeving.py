"""Definitions (begrippen) of the physical living environment: space, water, soil, nature, climate,
energy and environmental quality."""

from __future__ import annotations

from . import sources as src
from .sources import Concept as C

DBP = "http://dbpedia.org/resource/"
NL_DBP = "http://nl.dbpedia.org/resource/"

CONCEPTS: list[C] = [
    # --- Fysieke leefomgeving en ruimte -------------------------------------------------------
    C("fysieke-leefomgeving", "fysieke leefomgeving", "physical living environment", None,
      "Het geheel van bouwwerken, infrastructuur, watersystemen, water, bodem, lucht, "
      "landschappen, "
      "natuur en cultureel erfgoed waarop de Omgevingswet betrekking heeft.",
      alt=("leefomgeving",), source=src.OMGEVINGSWET,
      scope="Gebruik dit begrip als overkoepelende term; kies voor ontsluiting zo mogelijk "
      "een nauwer begrip."),
    C("omgevingsvisie", "omgevingsvisie", "environmental vision", "fysieke-leefomgeving",
      "Integrale visie van een bestuursorgaan op de lange termijn voor de ontwikkeling, het "
      "gebruik, "
      "het beheer, de bescherming en het behoud van het grondgebied.",
      source=src.OMGEVINGSWET, related=("omgevingsverordening",)),
    C("omgevingsverordening", "omgevingsverordening", "provincial environmental ordinance",
      "fysieke-leefomgeving",
      "Verordening van provinciale staten met regels over activiteiten in de fysieke leefomgeving "
      "voor het gehele grondgebied van de provincie.",
      alt=("provinciale omgevingsverordening", "POV"), hidden=("omgevings verordening",),
      source=src.OMGEVINGSWET),
    C("omgevingsplan", "omgevingsplan", "municipal environmental plan", "fysieke-leefomgeving",
      "Door de gemeenteraad vastgesteld plan met regels over de fysieke leefomgeving voor het "
      "gehele "
      "grondgebied van de gemeente; opvolger van het bestemmingsplan.",
      alt=("bestemmingsplan",), source=src.OMGEVINGSWET,
      scope="'Bestemmingsplan' is opgenomen als alternatieve term omdat veel oudere datasets "
      "die naam gebruiken."),
    C("grondgebruik", "grondgebruik", "land use", "fysieke-leefomgeving",
      "De feitelijke functie waarvoor een stuk grond in gebruik is, zoals wonen, verkeer, "
      "landbouw, "
      "natuur of water.", alt=("bodemgebruik", "landgebruik"), source=src.CBS_BEGRIPPEN,
      close=(DBP + "Land_use",)),
    C("verhard-oppervlak", "verhard oppervlak", "paved surface", "grondgebruik",
      "Deel van het grondoppervlak dat is bedekt met materiaal waar regenwater niet of nauwelijks "
      "doorheen kan, zoals daken, asfalt en bestrating.", alt=("verharding", "verhardingsgraad"),
      related=("wateroverlast", "hittestress"), close=(DBP + "Impervious_surface",),
      source=src.NEN3610),
    C("landelijk-gebied", "landelijk gebied", "rural area", "grondgebruik",
      "Gebied buiten de bebouwde kom dat overwegend wordt gebruikt voor landbouw, natuur, water en "
      "recreatie.", alt=("buitengebied",), source=src.OMGEVINGSVISIE),
    C("stedelijk-gebied", "stedelijk gebied", "urban area", "grondgebruik",
      "Gebied met een concentratie van woningen, voorzieningen en bedrijvigheid, inclusief de "
      "bijbehorende infrastructuur, binnen de rode contour van de omgevingsverordening.",
      alt=("bebouwd gebied", "rode contour"), source=src.OMGEVINGSVISIE),
    # --- Water ------------------------------------------------------------------------------
    C("water", "water", "water", None,
      "Het watersysteem van grondwater en oppervlaktewater met de bijbehorende bodem, oevers, "
      "waterkeringen en kunstwerken.", alt=("watersysteem",), source=src.WATERWET),
    C("grondwater", "grondwater", "groundwater", "water",
      "Water dat zich onder het aardoppervlak in de verzadigde zone van de bodem bevindt.",
      source=src.WATERWET, close=(DBP + "Groundwater",), related=("drinkwater",)),
    C("grondwaterstand", "grondwaterstand", "groundwater level", "grondwater",
      "Hoogte van het grondwaterniveau op een bepaalde plek en tijd, uitgedrukt in meters ten "
      "opzichte van NAP of ten opzichte van maaiveld.", alt=("GWS", "stijghoogte"),
      hidden=("grondwaterstant",), scope="Stijghoogte wordt gemeten in een peilbuis met filter in "
      "een watervoerend pakket; in de ondiepe ondergrond valt die samen met de grondwaterstand.",
      source=src.WATERWET),
    C("grondwaterbeschermingsgebied", "grondwaterbeschermingsgebied",
      "groundwater protection area", "grondwater",
      "Gebied rond een drinkwaterwinning waarin de provincie regels stelt om het grondwater te "
      "beschermen tegen verontreiniging.", alt=("waterwingebied",),
      source=src.OMGEVINGSWET, related=("drinkwater",)),
    C("kwel", "kwel", "seepage", "grondwater",
      "Grondwater dat onder invloed van een hogere stijghoogte elders aan of nabij het maaiveld "
      "uittreedt.", alt=("kwelwater",), related=("veenweidegebied",), source=src.KNMI_BEGRIPPEN),
    C("oppervlaktewater", "oppervlaktewater", "surface water", "water",
      "Al het water dat zich boven het maaiveld bevindt, zoals rivieren, kanalen, sloten, plassen "
      "en vijvers, met de bijbehorende waterbodem en oevers.", source=src.WATERWET,
      close=(DBP + "Surface_water",)),
    C("waterkwaliteit", "waterkwaliteit", "water quality", "oppervlaktewater",
      "De chemische en ecologische toestand van een waterlichaam, beoordeeld aan de hand van "
      "normen voor stoffen, biologie en inrichting.", alt=("KRW-toestand",), source=src.KRW,
      close=(DBP + "Water_quality",)),
    C("krw-waterlichaam", "KRW-waterlichaam", "WFD water body", "waterkwaliteit",
      "Afgebakend oppervlaktewater of grondwaterlichaam waarvoor volgens de Kaderrichtlijn Water "
      "doelen en maatregelen worden vastgesteld.", alt=("waterlichaam", "KRW"),
      hidden=("KWR-waterlichaam",), source=src.KRW),
    C("waterpeil", "waterpeil", "water level", "oppervlaktewater",
      "De hoogte van het oppervlaktewater ten opzichte van NAP, door de waterbeheerder vastgelegd "
      "in een peilbesluit.", alt=("peil", "streefpeil", "peilbesluit"), source=src.OMGEVINGSWET),
    C("waterkering", "waterkering", "flood defence", "water",
      "Kunstmatige hoogte, zoals een dijk, kade of dam, die het achterland beschermt tegen "
      "overstroming.", alt=("dijk", "kade"), source=src.OMGEVINGSWET, close=(DBP + "Levee",)),
    C("regionale-waterkering", "regionale waterkering", "regional flood defence", "waterkering",
      "Waterkering die niet tot de primaire waterkeringen behoort en waarvoor de provincie in de "
      "omgevingsverordening een veiligheidsnorm vaststelt.", alt=("boezemkade",),
      source=src.OMGEVINGSWET),
    C("wateroverlast", "wateroverlast", "pluvial flooding", "water",
      "Hinder of schade doordat het watersysteem hevige neerslag of hoge afvoer niet snel genoeg "
      "kan bergen of afvoeren.", alt=("inundatie",), related=("verhard-oppervlak",),
      close=(DBP + "Flood",), source=src.WATERWET),
    C("drinkwater", "drinkwater", "drinking water", "water",
      "Water dat bestemd is om te drinken, te koken of voor andere huishoudelijke doeleinden en "
      "dat via een waterleidingnet wordt geleverd.", alt=("leidingwater",),
      close=(DBP + "Drinking_water",), source=src.OMGEVINGSWET),
    # --- Bodem ------------------------------------------------------------------------------
    C("bodem", "bodem", "soil", None,
      "Het vaste deel van de aarde met de zich daarin bevindende vloeibare en gasvormige "
      "bestanddelen en organismen.", alt=("ondergrond",), source=src.WET_BODEMBESCHERMING),
    C("bodemkwaliteit", "bodemkwaliteit", "soil quality", "bodem",
      "De chemische toestand van de bodem, beoordeeld aan de hand van gehalten aan stoffen ten "
      "opzichte van achtergrond- en interventiewaarden.", source=src.BKL,
      related=("bodemkwaliteitskaart",)),
    C("bodemverontreiniging", "bodemverontreiniging", "soil contamination", "bodemkwaliteit",
      "Aanwezigheid van stoffen in de bodem in hogere concentraties dan de achtergrondwaarde, als "
      "gevolg van menselijk handelen.", alt=("bodemvervuiling",), hidden=("bodemverontreining",),
      source=src.WET_BODEMBESCHERMING, close=(DBP + "Soil_contamination",)),
    C("bodemkwaliteitskaart", "bodemkwaliteitskaart", "soil quality map", "bodemkwaliteit",
      "Kaart die per zone de verwachte gemiddelde bodemkwaliteit weergeeft en die wordt gebruikt "
      "bij het toepassen van grond en baggerspecie.", alt=("BKK",), source=src.BAL),
    C("bodemdaling", "bodemdaling", "land subsidence", "bodem",
      "Daling van het maaiveld door onder meer oxidatie en inklinking van veen en klei.",
      source=src.OMGEVINGSVISIE, close=(DBP + "Subsidence",)),
    C("veenweidegebied", "veenweidegebied", "peat meadow area", "bodemdaling",
      "Agrarisch gebied op veengrond met overwegend grasland, waar ontwatering leidt tot "
      "veenoxidatie, bodemdaling en uitstoot van CO2.", alt=("veenweide",),
      related=("kwel", "co2-uitstoot"), source=src.OMGEVINGSVISIE),
    C("bodemenergie", "bodemenergie", "ground source energy", "bodem",
      "Opslag en winning van warmte en koude in de bodem, zoals met open of gesloten "
      "bodemenergiesystemen.", alt=("WKO", "warmte-koudeopslag"), hidden=("warmte koude opslag",),
      source=src.BAL, related=("hernieuwbare-energie",)),
    # --- Natuur -----------------------------------------------------------------------------
    C("natuur", "natuur", "nature", None,
      "Het geheel van planten, dieren en hun leefgebieden, inclusief de landschappelijke en "
      "ecologische samenhang daartussen.", alt=("biodiversiteit",),
      source=src.WET_NATUURBESCHERMING),
    C("natuurnetwerk-nederland", "Natuurnetwerk Nederland", "National Nature Network", "natuur",
      "Samenhangend netwerk van bestaande en nog te ontwikkelen natuurgebieden van "
      "(inter)nationaal "
      "belang, waarvan de provincie de begrenzing vastlegt in de omgevingsverordening.",
      alt=("NNN", "Ecologische Hoofdstructuur", "EHS"), hidden=("natuurnetwerk nederlands",),
      source=src.OMGEVINGSWET, close=(NL_DBP + "Natuurnetwerk_Nederland",),
      related=("natura-2000-gebied",)),
    C("groene-contour", "Groene Contour", "Green Contour", "natuurnetwerk-nederland",
      "Gebied buiten het Natuurnetwerk Nederland waar nieuwe natuur kan worden ontwikkeld en dat "
      "bij realisatie aan het netwerk wordt toegevoegd.", source=src.NATUURBEHEERPLAN),
    C("ecologische-verbinding", "ecologische verbindingszone", "ecological corridor",
      "natuurnetwerk-nederland",
      "Strook natuur die leefgebieden met elkaar verbindt, zodat planten en dieren zich tussen die "
      "gebieden kunnen verplaatsen.", alt=("EVZ", "faunapassage"), source=src.NATUURBEHEERPLAN),
    C("natura-2000-gebied", "Natura 2000-gebied", "Natura 2000 site", "natuur",
      "Gebied dat is aangewezen op grond van de Vogelrichtlijn of de Habitatrichtlijn en deel "
      "uitmaakt van het Europese netwerk van beschermde natuurgebieden.", alt=("N2000",),
      source=src.HABITATRICHTLIJN, exact=(DBP + "Natura_2000",)),
    C("stikstofdepositie", "stikstofdepositie", "nitrogen deposition", "natura-2000-gebied",
      "Neerslag van stikstofverbindingen (ammoniak en stikstofoxiden) uit de lucht op bodem en "
      "vegetatie, uitgedrukt in mol stikstof per hectare per jaar.", alt=("stikstofneerslag",),
      hidden=("stikstof depositie",), source=src.OMGEVINGSWET),
    C("kritische-depositiewaarde", "kritische depositiewaarde", "critical deposition value",
      "stikstofdepositie",
      "Grens van de stikstofdepositie waarboven het risico bestaat dat de kwaliteit van een "
      "habitat significant wordt aangetast.", alt=("KDW",), source=src.OMGEVINGSWET),
    C("beschermde-soort", "beschermde soort", "protected species", "natuur",
      "Plant- of diersoort waarvoor op grond van Europese of nationale regelgeving een "
      "beschermingsregime geldt.", source=src.BAL),
    C("landschap", "landschap", "landscape", "natuur",
      "Zichtbaar deel van het aardoppervlak, gevormd door de samenhang van natuurlijke en "
      "menselijke factoren.", source=src.OMGEVINGSVISIE, close=(DBP + "Landscape",)),
    C("boomkroonbedekking", "boomkroonbedekking", "tree canopy cover", "landschap",
      "Het deel van het grondoppervlak dat, van boven gezien, wordt bedekt door boomkronen.",
      alt=("kroonbedekking", "bladerdek"), related=("hittestress",), source=src.NEN3610),
    C("agrarisch-natuurbeheer", "agrarisch natuurbeheer", "agri-environment management", "natuur",
      "Beheer van natuur en landschap door agrariërs op landbouwgrond, vergoed via het "
      "subsidiestelsel natuur- en landschapsbeheer.", alt=("ANLb",),
      source=src.NATUURBEHEERPLAN),
    # --- Klimaat ----------------------------------------------------------------------------
    C("klimaat", "klimaat", "climate", None,
      "Het gemiddelde weer over een lange periode (doorgaans dertig jaar) op een bepaalde plaats.",
      source=src.KNMI_BEGRIPPEN),
    C("klimaatadaptatie", "klimaatadaptatie", "climate adaptation", "klimaat",
      "Het aanpassen van de inrichting van de leefomgeving aan de gevolgen van "
      "klimaatverandering, zoals hitte, droogte en wateroverlast.",
      alt=("klimaatbestendigheid",), source=src.OMGEVINGSVISIE),
    C("hittestress", "hittestress", "heat stress", "klimaatadaptatie",
      "Gezondheidsklachten en hinder door aanhoudend hoge temperaturen, versterkt door verharding "
      "en gebrek aan schaduw in bebouwd gebied.", alt=("hitte-eiland",),
      related=("verhard-oppervlak", "boomkroonbedekking"), source=src.KNMI_BEGRIPPEN),
    C("tropische-dag", "tropische dag", "tropical day", "hittestress",
      "Dag waarop de maximumtemperatuur 30,0 °C of hoger is.", alt=("tropendag",),
      hidden=("tropiese dag",),
      scope="Bepaald uit de etmaalmaximumtemperatuur (TX) op 1,5 meter hoogte van een "
      "KNMI-station.",
      source=src.KNMI_BEGRIPPEN, related=("hittegolf",)),
    C("zomerse-dag", "zomerse dag", "summer day", "hittestress",
      "Dag waarop de maximumtemperatuur 25,0 °C of hoger is.", source=src.KNMI_BEGRIPPEN),
    C("hittegolf", "hittegolf", "heat wave", "hittestress",
      "Aaneengesloten periode van ten minste vijf zomerse dagen, waarvan ten minste drie "
      "tropische dagen, gemeten in De Bilt.", source=src.KNMI_BEGRIPPEN,
      close=(DBP + "Heat_wave",)),
    C("droogte", "droogte", "drought", "klimaatadaptatie",
      "Periode waarin door weinig neerslag en veel verdamping een tekort aan water ontstaat voor "
      "natuur, landbouw of scheepvaart.", source=src.KNMI_BEGRIPPEN, close=(DBP + "Drought",)),
    C("neerslagtekort", "neerslagtekort", "precipitation deficit", "droogte",
      "Het verschil tussen de potentiële verdamping en de neerslag, opgeteld vanaf 1 april.",
      alt=("potentieel neerslagtekort",), source=src.KNMI_BEGRIPPEN),
    C("broeikasgasemissie", "broeikasgasemissie", "greenhouse gas emission", "klimaat",
      "Uitstoot naar de lucht van gassen die bijdragen aan het broeikaseffect, zoals kooldioxide, "
      "methaan en lachgas, uitgedrukt in CO2-equivalenten.", alt=("broeikasgasuitstoot",),
      source=src.KLIMAATWET, close=(DBP + "Greenhouse_gas",)),
    C("co2-uitstoot", "CO2-uitstoot", "CO2 emission", "broeikasgasemissie",
      "Uitstoot van kooldioxide door verbranding van fossiele brandstoffen en door veenoxidatie.",
      alt=("CO2-emissie", "koolstofdioxide-uitstoot"), hidden=("co2 uitstoot", "CO-2 uitstoot"),
      source=src.KLIMAATWET),
    C("klimaatbestendig-bouwen", "klimaatbestendig bouwen", "climate-proof construction",
      "klimaatadaptatie",
      "Bouwen op een manier die bestand is tegen hitte, droogte en extreme neerslag.",
      source=src.OMGEVINGSVISIE, status="draft",
      scope="In bewerking: de werkgroep klimaatadaptatie stemt de afbakening af met de gemeenten."),
    # --- Energie ----------------------------------------------------------------------------
    C("energie", "energie", "energy", None,
      "Opwekking, transport, opslag en verbruik van elektriciteit, warmte en brandstoffen.",
      source=src.KLIMAATAKKOORD),
    C("energietransitie", "energietransitie", "energy transition", "energie",
      "De overgang van een energievoorziening op basis van fossiele brandstoffen naar een "
      "voorziening op basis van hernieuwbare bronnen.", source=src.KLIMAATAKKOORD),
    C("regionale-energiestrategie", "Regionale Energiestrategie", "Regional Energy Strategy",
      "energietransitie",
      "Strategie waarin een energieregio vastlegt hoeveel hernieuwbare elektriciteit zij in 2030 "
      "opwekt en waar, en hoe zij de warmtetransitie aanpakt.", alt=("RES", "RES U16"),
      source=src.KLIMAATAKKOORD),
    C("aardgasvrije-woning", "aardgasvrije woning", "natural-gas-free dwelling",
      "energietransitie",
      "Woning die voor verwarming, warm water en koken geen aardgas gebruikt.",
      alt=("aardgasloze woning",), source=src.KLIMAATAKKOORD),
    C("hernieuwbare-energie", "hernieuwbare energie", "renewable energy", "energie",
      "Energie uit bronnen die niet uitgeput raken, zoals zon, wind, water, bodemwarmte en "
      "biomassa.", alt=("duurzame energie",), source=src.KLIMAATAKKOORD,
      close=(DBP + "Renewable_energy",)),
    C("zonne-energie", "zonne-energie", "solar energy", "hernieuwbare-energie",
      "Elektriciteit of warmte die wordt opgewekt uit zonlicht.", alt=("zonnestroom",),
      source=src.KLIMAATAKKOORD, close=(DBP + "Solar_energy",)),
    C("zon-op-dak", "zon op dak", "rooftop solar", "zonne-energie",
      "Zonnepanelen op daken van woningen, bedrijfspanden en andere gebouwen.",
      alt=("zonnepanelen op daken", "dak-pv"), source=src.KLIMAATAKKOORD),
    C("zonneveld", "zonneveld", "solar farm", "zonne-energie",
      "Grondgebonden opstelling van zonnepanelen op een terrein dat daarvoor in gebruik is.",
      alt=("zonnepark",), source=src.KLIMAATAKKOORD),
    C("windenergie", "windenergie", "wind energy", "hernieuwbare-energie",
      "Elektriciteit die met windturbines uit de bewegingsenergie van wind wordt opgewekt.",
      alt=("windmolen", "windturbine"), source=src.KLIMAATAKKOORD, close=(DBP + "Wind_power",)),
    C("energieverbruik", "energieverbruik", "energy consumption", "energie",
      "De hoeveelheid elektriciteit, gas en warmte die huishoudens en bedrijven in een periode "
      "afnemen, gemeten bij de aansluiting.", alt=("energiegebruik",), source=src.CBS_BEGRIPPEN),
    C("warmtenet", "warmtenet", "district heating network", "energietransitie",
      "Netwerk van leidingen dat warmte van een of meer bronnen naar gebouwen transporteert.",
      alt=("stadsverwarming",), source=src.KLIMAATAKKOORD, status="draft",
      scope="In bewerking: afstemming met de Wet collectieve warmte loopt nog."),
    # --- Milieu en leefomgevingskwaliteit ---------------------------------------------------
    C("milieukwaliteit", "milieukwaliteit", "environmental quality", None,
      "De kwaliteit van lucht, geluid, geur en veiligheid in de leefomgeving in relatie tot de "
      "gezondheid van mensen.", alt=("leefomgevingskwaliteit",), source=src.BKL),
    C("luchtkwaliteit", "luchtkwaliteit", "air quality", "milieukwaliteit",
      "De mate waarin de buitenlucht vrij is van verontreinigende stoffen, beoordeeld aan de hand "
      "van omgevingswaarden voor concentraties.", source=src.LUCHTRICHTLIJN,
      close=(DBP + "Air_pollution",)),
    C("stikstofdioxide", "stikstofdioxide", "nitrogen dioxide", "luchtkwaliteit",
      "Gasvormige luchtverontreiniging (NO2) die vooral ontstaat bij verbranding in "
      "verkeersmotoren en industrie.", alt=("NO2",), source=src.BKL,
      exact=(DBP + "Nitrogen_dioxide",)),
    C("fijnstof", "fijnstof", "particulate matter", "luchtkwaliteit",
      "Zwevende deeltjes in de lucht met een diameter kleiner dan 10 micrometer (PM10).",
      alt=("PM10",), hidden=("fijn stof",), source=src.BKL, close=(DBP + "Particulates",)),
    C("pm2-5", "zeer fijnstof (PM2,5)", "fine particulate matter (PM2.5)", "fijnstof",
      "Zwevende deeltjes in de lucht met een diameter kleiner dan 2,5 micrometer.",
      alt=("PM2,5", "PM2.5"), source=src.WHO_LUCHT),
    C("geluid", "geluid", "noise", "milieukwaliteit",
      "Geluid in de leefomgeving afkomstig van wegverkeer, railverkeer, luchtvaart en "
      "industrie, uitgedrukt in Lden.", alt=("omgevingsgeluid",), source=src.BKL,
      close=(DBP + "Noise_pollution",)),
    C("geluidhinder", "geluidhinder", "noise annoyance", "geluid",
      "De mate waarin mensen last hebben van geluid in en om hun woning, vastgesteld met "
      "vragenlijstonderzoek.", alt=("ernstige geluidhinder",), hidden=("geluidshinder",),
      source=src.GEZONDHEIDSMONITOR),
    C("externe-veiligheid", "externe veiligheid", "external safety", "milieukwaliteit",
      "Veiligheid van mensen in de omgeving van activiteiten met gevaarlijke stoffen, zoals "
      "opslag, productie en transport.", alt=("EV", "risicobronnen"), source=src.BKL),
]
