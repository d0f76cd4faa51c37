"""Definitions (begrippen) of society and economy: housing, mobility, economy, health, culture and
public administration."""

from __future__ import annotations

from . import sources as src
from .sources import Concept as C

DBP = "http://dbpedia.org/resource/"

CONCEPTS: list[C] = [
    # --- Wonen ------------------------------------------------------------------------------
    C("wonen", "wonen", "housing", None,
      "Het beschikbaar zijn, bouwen en gebruiken van woonruimte voor huishoudens.",
      alt=("volkshuisvesting",), source=src.WONINGWET),
    C("woning", "woning", "dwelling", "wonen",
      "Zelfstandige woonruimte met een eigen toegang, die een huishouden kan bewonen zonder "
      "wezenlijke voorzieningen met andere adressen te delen.", alt=("woonruimte",),
      source=src.CBS_BEGRIPPEN),
    C("sociale-huurwoning", "sociale huurwoning", "social rental dwelling", "woning",
      "Huurwoning met een huurprijs tot en met de liberalisatiegrens, meestal verhuurd door een "
      "woningcorporatie.", alt=("corporatiewoning", "sociale huur"), hidden=("sociaal huurwoning",),
      source=src.WONINGWET, close=(DBP + "Public_housing",)),
    C("middenhuurwoning", "middenhuurwoning", "mid-rent dwelling", "woning",
      "Huurwoning met een huurprijs boven de liberalisatiegrens en onder de grens voor het "
      "middensegment uit het Besluit huurprijzen woonruimte.", alt=("middenhuur",),
      source=src.WONINGWET),
    C("koopwoning", "koopwoning", "owner-occupied dwelling", "woning",
      "Woning die wordt bewoond door de eigenaar.", alt=("eigen woning",),
      source=src.CBS_BEGRIPPEN),
    C("woningvoorraad", "woningvoorraad", "housing stock", "wonen",
      "Het totaal aantal woningen in een gebied op een bepaald moment, volgens de Basisregistratie "
      "Adressen en Gebouwen.", source=src.CBS_BEGRIPPEN),
    C("woningtekort", "woningtekort", "housing shortage", "woningvoorraad",
      "Het verschil tussen het aantal huishoudens dat een woning zoekt en het aantal beschikbare "
      "woningen, uitgedrukt als percentage van de woningvoorraad.",
      alt=("statistisch woningtekort",),
      source=src.WONINGBOUWMONITOR),
    C("nieuwbouwwoning", "nieuwbouwwoning", "newly built dwelling", "woningvoorraad",
      "Woning die in een periode aan de woningvoorraad is toegevoegd door nieuwbouw.",
      alt=("woningbouwproductie", "opgeleverde woning"), source=src.WONINGBOUWMONITOR),
    C("plancapaciteit", "plancapaciteit", "planned housing capacity", "nieuwbouwwoning",
      "Het aantal woningen dat in vastgestelde en in voorbereiding zijnde plannen kan worden "
      "gebouwd.", alt=("woningbouwplannen",), source=src.WONINGBOUWMONITOR),
    C("huishouden", "huishouden", "household", "wonen",
      "Een of meer personen die samen een woonruimte bewonen en zichzelf voorzien in de dagelijkse "
      "levensbehoeften.", source=src.CBS_BEGRIPPEN, close=(DBP + "Household",)),
    # --- Mobiliteit -------------------------------------------------------------------------
    C("mobiliteit", "mobiliteit", "mobility", None,
      "Het zich verplaatsen van personen en goederen, en het verkeers- en vervoerssysteem dat dat "
      "mogelijk maakt.", alt=("verkeer en vervoer",), source=src.MOBILITEITSPROGRAMMA),
    C("openbaar-vervoer", "openbaar vervoer", "public transport", "mobiliteit",
      "Personenvervoer volgens een dienstregeling dat voor iedereen toegankelijk is, zoals trein, "
      "tram en bus.", alt=("ov",), source=src.WET_PERSONENVERVOER,
      close=(DBP + "Public_transport",)),
    C("hoogwaardig-openbaar-vervoer", "hoogwaardig openbaar vervoer",
      "high-quality public transport",
      "openbaar-vervoer",
      "Openbaar vervoer met hoge frequentie, snelheid en betrouwbaarheid, zoals de Utrechtse "
      "tramlijnen en busverbindingen op vrije banen.", alt=("HOV",), hidden=("hov-lijn",),
      source=src.MOBILITEITSPROGRAMMA, close=(DBP + "Bus_rapid_transit",)),
    C("ov-halte", "ov-halte", "public transport stop", "openbaar-vervoer",
      "Plaats waar reizigers in- en uitstappen bij een bus-, tram- of treinverbinding.",
      alt=("bushalte", "tramhalte"), source=src.WET_PERSONENVERVOER),
    C("mobiliteitshub", "mobiliteitshub", "mobility hub", "openbaar-vervoer",
      "Knooppunt waar reizigers overstappen tussen vervoerwijzen, zoals auto, fiets, deelvervoer "
      "en openbaar vervoer.", alt=("hub", "P+R"), source=src.MOBILITEITSPROGRAMMA, status="draft",
      scope="In bewerking: de typologie van hubs wordt nog met de regio afgestemd."),
    C("fiets", "fiets", "bicycle", "mobiliteit",
      "Het gebruik van de fiets, inclusief de elektrische fiets, als vervoerwijze.",
      alt=("fietsverkeer", "e-bike"), source=src.MOBILITEITSPROGRAMMA),
    C("snelfietsroute", "snelfietsroute", "cycle superhighway", "fiets",
      "Doorgaande, comfortabele fietsverbinding tussen kernen en werkgebieden, geschikt voor "
      "woon-werkverkeer over middellange afstand.", alt=("doorfietsroute",),
      source=src.MOBILITEITSPROGRAMMA),
    C("fietsparkeervoorziening", "fietsparkeervoorziening", "bicycle parking facility", "fiets",
      "Voorziening voor het stallen van fietsen, zoals rekken, kluizen en bewaakte stallingen.",
      alt=("fietsenstalling",), source=src.MOBILITEITSPROGRAMMA),
    C("modal-split", "modal split", "modal split", "mobiliteit",
      "Verdeling van het aantal verplaatsingen of afgelegde kilometers over de vervoerwijzen.",
      alt=("vervoerwijzeverdeling",), source=src.ODIN),
    C("provinciale-weg", "provinciale weg", "provincial road", "mobiliteit",
      "Weg in beheer bij de provincie, herkenbaar aan een N-nummer.", alt=("N-weg",),
      source=src.WEGENVERKEERSWET),
    C("verkeersintensiteit", "verkeersintensiteit", "traffic volume", "provinciale-weg",
      "Aantal motorvoertuigen dat in een tijdseenheid een doorsnede van een weg passeert.",
      alt=("verkeersdrukte",), source=src.MOBILITEITSPROGRAMMA),
    C("werkdagetmaalintensiteit", "werkdagetmaalintensiteit", "average weekday traffic",
      "verkeersintensiteit",
      "Gemiddeld aantal motorvoertuigen per etmaal op werkdagen, over een jaar gemeten.",
      alt=("WERK", "werkdagintensiteit"), source=src.MOBILITEITSPROGRAMMA),
    C("verkeersongeval", "verkeersongeval", "road traffic accident", "provinciale-weg",
      "Gebeurtenis op de openbare weg waarbij ten minste één rijdend voertuig betrokken is en "
      "die leidt tot schade of letsel.", alt=("ongeval",), source=src.WEGENVERKEERSWET,
      close=(DBP + "Traffic_collision",)),
    C("verkeersslachtoffer", "verkeersslachtoffer", "road casualty", "verkeersongeval",
      "Persoon die bij een verkeersongeval overlijdt of met letsel in een ziekenhuis wordt "
      "opgenomen.", alt=("verkeersdode", "ernstig verkeersgewonde"), source=src.CBS_BEGRIPPEN),
    # --- Economie ---------------------------------------------------------------------------
    C("economie", "economie", "economy", None,
      "De productie, verdeling en consumptie van goederen en diensten in de regio.",
      alt=("regionale economie",), source=src.CBS_BEGRIPPEN),
    C("bedrijventerrein", "bedrijventerrein", "business park", "economie",
      "Terrein dat bestemd is voor handel, nijverheid, commerciële en niet-commerciële "
      "dienstverlening en industrie.", alt=("industrieterrein", "werklocatie"),
      hidden=("bedrijfsterrein",), source=src.OMGEVINGSVISIE),
    C("werkgelegenheid", "werkgelegenheid", "employment", "economie",
      "Het aantal banen van werknemers en zelfstandigen in een gebied.", source=src.CBS_BEGRIPPEN,
      close=(DBP + "Employment",)),
    C("baan", "baan", "job", "werkgelegenheid",
      "Een arbeidsplaats van ten minste twaalf uur per week die door een werkzame persoon wordt "
      "ingenomen.", alt=("arbeidsplaats",), source=src.CBS_BEGRIPPEN),
    C("werkloosheid", "werkloosheid", "unemployment", "werkgelegenheid",
      "Het aandeel van de beroepsbevolking dat geen betaald werk heeft, recent naar werk heeft "
      "gezocht en direct beschikbaar is.", alt=("werkloosheidspercentage",),
      source=src.CBS_BEGRIPPEN, close=(DBP + "Unemployment",)),
    C("detailhandel", "detailhandel", "retail trade", "economie",
      "Verkoop van goederen aan consumenten vanuit winkels, markten en webwinkels.",
      alt=("winkels",), source=src.CBS_BEGRIPPEN, close=(DBP + "Retail",)),
    C("winkelleegstand", "winkelleegstand", "retail vacancy", "detailhandel",
      "Het aandeel van het winkelvloeroppervlak dat niet in gebruik is.", alt=("leegstand",),
      source=src.CBS_BEGRIPPEN),
    C("vrijetijdseconomie", "vrijetijdseconomie", "leisure economy", "economie",
      "Economische activiteit rond recreatie, toerisme, cultuur en sport.",
      alt=("toerisme", "recreatie"), source=src.OMGEVINGSVISIE, close=(DBP + "Tourism",)),
    C("landbouw", "landbouw", "agriculture", "economie",
      "Het telen van gewassen en het houden van dieren voor de productie van voedsel en "
      "grondstoffen.", alt=("agrarische sector",), source=src.CBS_BEGRIPPEN,
      close=(DBP + "Agriculture",)),
    C("kringlooplandbouw", "kringlooplandbouw", "circular agriculture", "landbouw",
      "Landbouw die kringlopen van mineralen en organische stof zo veel mogelijk sluit op het "
      "bedrijf of in de regio.", source=src.OMGEVINGSVISIE),
    # --- Gezondheid -------------------------------------------------------------------------
    C("gezondheid", "gezondheid", "health", None,
      "De lichamelijke, psychische en sociale gesteldheid van inwoners.",
      alt=("volksgezondheid", "publieke gezondheid"), source=src.WET_PUBLIEKE_GEZONDHEID),
    C("ervaren-gezondheid", "ervaren gezondheid", "self-perceived health", "gezondheid",
      "Het oordeel van een persoon over de eigen gezondheid, gevraagd op een schaal van zeer "
      "goed tot zeer slecht.", source=src.GEZONDHEIDSMONITOR),
    C("overgewicht", "overgewicht", "overweight", "gezondheid",
      "Lichaamsgewicht waarbij de Body Mass Index 25 kg/m² of hoger is.", alt=("BMI ≥ 25",),
      source=src.GEZONDHEIDSMONITOR, close=(DBP + "Obesity",)),
    C("eenzaamheid", "eenzaamheid", "loneliness", "gezondheid",
      "Het subjectief ervaren gemis aan sociale contacten, gemeten met de eenzaamheidsschaal van "
      "De Jong-Gierveld.", alt=("sterke eenzaamheid",), source=src.GEZONDHEIDSMONITOR,
      close=(DBP + "Loneliness",)),
    C("gezonde-leefomgeving", "gezonde leefomgeving", "healthy living environment", "gezondheid",
      "Leefomgeving die gezond gedrag uitnodigt en gezondheidsrisico's door lucht, geluid en hitte "
      "beperkt.", source=src.OMGEVINGSVISIE, related=("luchtkwaliteit", "geluidhinder")),
    # --- Cultuur en erfgoed -----------------------------------------------------------------
    C("cultuur", "cultuur", "culture", None,
      "Kunst, erfgoed en culturele voorzieningen in de provincie.", source=src.ERFGOEDWET),
    C("cultureel-erfgoed", "cultureel erfgoed", "cultural heritage", "cultuur",
      "Uit het verleden geërfde materiële en immateriële bronnen die mensen willen behouden, "
      "zoals monumenten, archeologie, cultuurlandschappen en collecties.", alt=("erfgoed",),
      source=src.ERFGOEDWET, close=(DBP + "Cultural_heritage",)),
    C("rijksmonument", "rijksmonument", "national monument", "cultureel-erfgoed",
      "Monument dat door de minister van OCW is aangewezen en is ingeschreven in het "
      "monumentenregister.", hidden=("rijksmonumnet",), source=src.ERFGOEDWET,
      exact=(DBP + "Rijksmonument",)),
    C("provinciaal-monument", "provinciaal monument", "provincial monument", "cultureel-erfgoed",
      "Monument dat door gedeputeerde staten is aangewezen vanwege zijn cultuurhistorische waarde "
      "voor de provincie.", source=src.OMGEVINGSWET),
    C("archeologische-verwachting", "archeologische verwachtingswaarde",
      "archaeological expectation value", "cultureel-erfgoed",
      "De kans dat op een locatie archeologische resten in de bodem aanwezig zijn.",
      alt=("archeologische verwachting",), source=src.ERFGOEDWET),
    C("hollandse-waterlinies", "Hollandse Waterlinies", "Dutch Water Defence Lines",
      "cultureel-erfgoed",
      "Werelderfgoed dat bestaat uit de Stelling van Amsterdam en de Nieuwe Hollandse Waterlinie, "
      "een verdedigingslinie op basis van inundatie.", alt=("Nieuwe Hollandse Waterlinie", "NHW"),
      source=src.OMGEVINGSVISIE, close=(DBP + "Dutch_Water_Defence_Lines",)),
    C("archief", "archief", "archive", "cultuur",
      "Archiefbescheiden die een overheidsorgaan of particulier heeft ontvangen of opgemaakt en "
      "die blijvend worden bewaard.", alt=("archiefbescheiden",), source=src.ARCHIEFWET,
      close=(DBP + "Archive",)),
    # --- Bestuur ----------------------------------------------------------------------------
    C("bestuur", "bestuur", "public administration", None,
      "De organisatie, besluitvorming en dienstverlening van de provincie en haar partners.",
      alt=("openbaar bestuur",), source=src.OMGEVINGSWET),
    C("subsidie", "subsidie", "subsidy", "bestuur",
      "Aanspraak op financiële middelen die een bestuursorgaan verstrekt met het oog op bepaalde "
      "activiteiten van de aanvrager.", source=src.AWB_SUBSIDIE, close=(DBP + "Subsidy",)),
    C("omgevingsvergunning", "omgevingsvergunning", "environmental permit", "bestuur",
      "Vergunning voor een activiteit in de fysieke leefomgeving, zoals bouwen, een "
      "milieubelastende "
      "activiteit of een ingreep in een monument.", alt=("vergunning",), source=src.OMGEVINGSWET),
    C("toezicht-en-handhaving", "toezicht en handhaving", "supervision and enforcement", "bestuur",
      "Controle op de naleving van regels en het optreden tegen overtredingen.",
      alt=("VTH", "handhaving"), source=src.OMGEVINGSWET),
    C("open-data", "open data", "open data", "bestuur",
      "Overheidsinformatie die zonder beperkingen en in een machineleesbaar formaat openbaar "
      "beschikbaar is voor hergebruik.", alt=("opendata",), source=src.WHOI),
]
