"""The demo indicators: what each measures, from which datasets, towards which target, and the
parameters of its generated municipal series."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    """One indicator; its series: rural + (urban - rural) * urbanity + trend * years + noise."""

    slug: str
    title: str
    title_en: str
    description: str
    unit: str
    method: str
    concept: str
    datasets: tuple[str, ...]
    programme: str
    target: float | None
    target_year: int | None
    direction: str
    themes: tuple[str, ...]
    owner: str
    rural: float
    urban: float
    trend: float
    noise: float
    decimals: int = 1
    low: float = 0.0
    high: float = 100.0
    per_1000: bool = False  # value is a rate per 1,000 inhabitants turned into a count
    shocks: dict[int, float] = field(default_factory=dict)
    survey: bool = False  # small municipalities get suppressed values
    level: str = "gemeente"  # "gemeente": all 26 plus the province; "provincie": province only
    access: str = "public"


S = Spec
PCT = "%"

SPECS: list[Spec] = [
    S("aandeel-hernieuwbare-elektriciteit", "Aandeel hernieuwbare elektriciteit",
      "Share of renewable electricity",
      "Het deel van het elektriciteitsverbruik in de gemeente dat binnen de gemeente hernieuwbaar "
      "wordt opgewekt met zon, wind en biomassa.", PCT,
      "Hernieuwbaar opgewekte elektriciteit (TJ) gedeeld door het totale elektriciteitsverbruik "
      "(TJ) in hetzelfde jaar, maal 100.", "hernieuwbare-energie",
      ("klimaatmonitor-hernieuwbare-energie", "zonnepanelen-op-daken"),
      "programma-energietransitie", 35, 2030, "up", ("ENER",), "provincie-utrecht",
      rural=14, urban=5, trend=2.3, noise=1.2),
    S("zonnestroom-vermogen-per-inwoner", "Opgesteld vermogen zon op dak per inwoner",
      "Installed rooftop solar capacity per inhabitant",
      "Het opgestelde vermogen van zonnepanelen op daken, gedeeld door het aantal inwoners.",
      "Wp per inwoner",
      "Som van het geschatte piekvermogen (Wp) van alle gedetecteerde dakpanelen op 1 januari, "
      "gedeeld door het aantal inwoners op die datum.", "zon-op-dak", ("zonnepanelen-op-daken",),
      "programma-energietransitie", 1000, 2030, "up", ("ENER",), "provincie-utrecht",
      rural=430, urban=190, trend=72, noise=25, decimals=0, high=5000),
    S("aardgasvrije-woningen", "Aandeel aardgasvrije woningen", "Share of gas-free dwellings",
      "Het aandeel woningen zonder aansluiting op het aardgasnet.", PCT,
      "Aantal woningen zonder gasaansluiting gedeeld door de totale woningvoorraad op 1 januari.",
      "aardgasvrije-woning", ("energieverbruik-woningen",), "programma-energietransitie",
      20, 2030, "up", ("ENER",), "provincie-utrecht", rural=3, urban=9, trend=0.9, noise=0.6),
    S("elektriciteitsverbruik-woningen", "Gemiddeld elektriciteitsverbruik per woning",
      "Average electricity consumption per dwelling",
      "Het gemiddelde jaarlijkse elektriciteitsverbruik van een woning, zonder teruglevering.",
      "kWh", "Geleverde elektriciteit aan woningen volgens de netbeheerders gedeeld door het "
      "aantal bewoonde woningen.", "energieverbruik", ("energieverbruik-woningen",),
      "programma-energietransitie", 2200, 2030, "down", ("ENER",), "provincie-utrecht",
      rural=2950, urban=2250, trend=-45, noise=40, decimals=0, high=6000,
      shocks={2020: 60, 2022: -120}),
    S("co2-uitstoot-per-inwoner", "CO2-uitstoot per inwoner", "CO2 emissions per inhabitant",
      "De uitstoot van broeikasgassen op het grondgebied van de gemeente, inclusief "
      "veenoxidatie, per inwoner.", "ton CO2-eq per inwoner",
      "Totale emissie van CO2, methaan en lachgas in CO2-equivalenten volgens de "
      "Emissieregistratie, gedeeld door het aantal inwoners.", "co2-uitstoot",
      ("broeikasgasemissies",), "programma-energietransitie", 3.5, 2030, "down", ("ENVI", "ENER"),
      "provincie-utrecht", rural=9.5, urban=4.2, trend=-0.28, noise=0.4, high=40,
      shocks={2020: -0.4}),
    S("opgeleverde-nieuwbouwwoningen", "Opgeleverde nieuwbouwwoningen", "Completed new dwellings",
      "Het aantal woningen dat in een jaar door nieuwbouw aan de voorraad is toegevoegd.", "aantal",
      "Som van de nieuwbouwwoningen met status 'verblijfsobject in gebruik' in de BAG in het "
      "kalenderjaar. De streefwaarde geldt voor de provincie als geheel.", "nieuwbouwwoning",
      ("woningbouwmonitor",), "programma-wonen-en-werken", 10000, 2030, "up", ("REGI",),
      "provincie-utrecht", rural=5.0, urban=9.0, trend=0.15, noise=1.6, decimals=0,
      high=1e6, per_1000=True),
    S("aandeel-sociale-huurwoningen", "Aandeel sociale huurwoningen",
      "Share of social rental dwellings",
      "Het aandeel sociale huurwoningen in de woningvoorraad.", PCT,
      "Aantal huurwoningen van corporaties met een huur tot de liberalisatiegrens gedeeld door "
      "de totale woningvoorraad op 1 januari.", "sociale-huurwoning",
      ("kerncijfers-wijken-en-buurten", "woningbouwmonitor"), "programma-wonen-en-werken",
      30, 2030, "up", ("REGI", "SOCI"), "provincie-utrecht", rural=22, urban=34, trend=-0.2,
      noise=0.4),
    S("woningtekort-percentage", "Woningtekort", "Housing shortage",
      "Het statistisch woningtekort als percentage van de woningvoorraad.", PCT,
      "Verschil tussen het aantal woningzoekende huishoudens en het aantal beschikbare woningen, "
      "gedeeld door de woningvoorraad; berekend met het Primos-model.", "woningtekort",
      ("woningbouwmonitor", "bevolkingsprognose-primos"), "programma-wonen-en-werken", 2, 2030,
      "down", ("REGI", "SOCI"), "provincie-utrecht", rural=3.2, urban=5.4, trend=0.15, noise=0.3),
    S("no2-jaargemiddelde", "Jaargemiddelde concentratie stikstofdioxide",
      "Annual mean nitrogen dioxide concentration",
      "De gemiddelde concentratie NO2 in de buitenlucht op woonadressen.", "µg/m³",
      "Bevolkingsgewogen gemiddelde van de berekende jaargemiddelde NO2-concentratie op alle "
      "woonadressen, gekalibreerd op de metingen van het Luchtmeetnet.", "stikstofdioxide",
      ("luchtkwaliteit-modelberekeningen", "luchtmeetnet-metingen"),
      "programma-gezonde-leefomgeving", 10, 2030, "down", ("ENVI", "HEAL"), "provincie-utrecht",
      rural=15, urban=25, trend=-0.9, noise=0.6, shocks={2020: -2.0}),
    S("pm25-jaargemiddelde", "Jaargemiddelde concentratie PM2,5",
      "Annual mean PM2.5 concentration",
      "De gemiddelde concentratie zeer fijnstof (PM2,5) op woonadressen.", "µg/m³",
      "Bevolkingsgewogen gemiddelde van de berekende PM2,5-concentratie op woonadressen.",
      "pm2-5", ("luchtkwaliteit-modelberekeningen", "grootschalige-concentratiekaarten"),
      "programma-gezonde-leefomgeving", 5, 2030, "down", ("ENVI", "HEAL"), "provincie-utrecht",
      rural=9.6, urban=10.6, trend=-0.35, noise=0.25),
    S("ernstige-geluidhinder-wegverkeer", "Ernstige geluidhinder door wegverkeer",
      "Severe road traffic noise annoyance",
      "Het aandeel volwassenen dat ernstige hinder ervaart van geluid van wegverkeer.", PCT,
      "Percentage respondenten van 18 jaar en ouder dat 8 of hoger scoort op de hinderschaal "
      "(0-10) voor wegverkeersgeluid.", "geluidhinder",
      ("gezondheidsmonitor-volwassenen", "geluidbelasting-atlas-leefomgeving"),
      "programma-gezonde-leefomgeving", 8, 2030, "down", ("HEAL", "ENVI"), "ggd-regio-utrecht",
      rural=6, urban=12.5, trend=-0.1, noise=0.7, survey=True),
    S("aandeel-fiets-verplaatsingen", "Aandeel fiets in verplaatsingen",
      "Bicycle share of trips",
      "Het deel van alle verplaatsingen van inwoners dat met de fiets wordt gemaakt.", PCT,
      "Aantal verplaatsingen met fiets of e-bike gedeeld door alle verplaatsingen van inwoners "
      "(ODiN, driejaarsgemiddelde).", "modal-split", ("onderweg-in-nederland", "fietstellingen"),
      "programma-mobiliteit", 40, 2030, "up", ("TRAN",), "provincie-utrecht",
      rural=26, urban=39, trend=0.35, noise=0.8, shocks={2020: 2.0, 2021: 1.0}),
    S("verkeersslachtoffers", "Verkeersslachtoffers per 100.000 inwoners",
      "Road casualties per 100,000 inhabitants",
      "Het aantal verkeersdoden en ziekenhuisgewonden per 100.000 inwoners.",
      "per 100.000 inwoners",
      "Som van verkeersdoden en in het ziekenhuis opgenomen verkeersgewonden naar woongemeente, "
      "gedeeld door het aantal inwoners maal 100.000.", "verkeersslachtoffer",
      ("verkeersongevallen-provinciale-wegen",), "programma-mobiliteit", 0, 2050, "down",
      ("TRAN", "JUST"), "provincie-utrecht", rural=62, urban=44, trend=-0.8, noise=7,
      decimals=0, high=500),
    S("inwoners-nabij-hov", "Inwoners binnen 800 meter van een HOV-halte",
      "Residents within 800 metres of a high-quality public transport stop",
      "Het aandeel inwoners dat binnen 800 meter loopafstand van een halte van hoogwaardig "
      "openbaar vervoer woont.", PCT,
      "Aantal inwoners op adressen binnen 800 meter over het wegennet van een trein-, tram- of "
      "HOV-bushalte, gedeeld door alle inwoners.", "hoogwaardig-openbaar-vervoer",
      ("ov-haltes-en-lijnen",), "programma-mobiliteit", 80, 2030, "up", ("TRAN",),
      "provincie-utrecht", rural=22, urban=88, trend=0.5, noise=0.8),
    S("gerealiseerd-natuurnetwerk", "Gerealiseerd Natuurnetwerk Nederland",
      "National Nature Network realised",
      "Het deel van het begrensde Natuurnetwerk Nederland dat als natuur is ingericht.", PCT,
      "Oppervlakte NNN met een natuurbeheertype gedeeld door de totale begrensde oppervlakte NNN "
      "in de gemeente.", "natuurnetwerk-nederland", ("natuurnetwerk-nederland-begrenzing",),
      "programma-natuur-en-landelijk-gebied", 100, 2027, "up", ("ENVI",), "provincie-utrecht",
      rural=82, urban=91, trend=1.3, noise=1.5),
    S("aandeel-verhard-oppervlak", "Aandeel verhard oppervlak", "Share of paved surface",
      "Het deel van het landoppervlak dat verhard of bebouwd is.", PCT,
      "Oppervlakte van daken, wegen en andere verharding volgens de BGT gedeeld door het "
      "landoppervlak van de gemeente.", "verhard-oppervlak", ("bodemgebruik",),
      "programma-klimaatadaptatie", 35, 2040, "down", ("ENVI", "REGI"), "provincie-utrecht",
      rural=9, urban=46, trend=0.12, noise=0.3),
    S("aandeel-boomkroonbedekking", "Boomkroonbedekking", "Tree canopy cover",
      "Het deel van het oppervlak dat door boomkronen wordt bedekt.", PCT,
      "Oppervlakte boomkroon volgens luchtfoto's en AHN gedeeld door het landoppervlak.",
      "boomkroonbedekking", ("boomkroonbedekking-buurten",), "programma-klimaatadaptatie", 20, 2040,
      "up", ("ENVI",), "provincie-utrecht", rural=18, urban=13, trend=0.12, noise=0.4),
    S("meldingen-wateroverlast", "Meldingen wateroverlast per 10.000 inwoners",
      "Pluvial flooding reports per 10,000 inhabitants",
      "Het aantal meldingen van wateroverlast bij gemeente en waterschap per 10.000 inwoners.",
      "per 10.000 inwoners", "Som van de meldingen wateroverlast bij gemeente en waterschap in "
      "het kalenderjaar, gedeeld door het aantal inwoners maal 10.000.", "wateroverlast",
      ("meldingen-wateroverlast-hdsr", "meldingen-wateroverlast-vallei-en-veluwe"),
      "programma-klimaatadaptatie", 2, 2030, "down", ("ENVI",), "provincie-utrecht",
      rural=2.5, urban=5.5, trend=0.0, noise=0.8, high=100, shocks={2021: 4.0, 2023: 1.5}),
    S("werkloosheidspercentage", "Werkloosheid", "Unemployment rate",
      "Het aandeel werklozen in de beroepsbevolking van 15 tot 75 jaar.", PCT,
      "Werkloze beroepsbevolking gedeeld door de totale beroepsbevolking (15-75 jaar), "
      "volgens de Enquête Beroepsbevolking.", "werkloosheid", ("werkloosheid-gemeenten",),
      "programma-economie", 3, 2030, "down", ("ECON",), "provincie-utrecht",
      rural=2.7, urban=4.6, trend=-0.05, noise=0.15, shocks={2020: 0.8, 2021: 0.3, 2022: -0.4}),
    S("banen-per-1000-inwoners", "Banen per 1.000 inwoners van 15-74 jaar",
      "Jobs per 1,000 inhabitants aged 15-74",
      "Het aantal banen in de gemeente per 1.000 inwoners in de werkzame leeftijd.",
      "banen per 1.000 inwoners", "Aantal banen van 12 uur of meer volgens het Provinciaal "
      "Werkgelegenheidsregister gedeeld door het aantal inwoners van 15-74 jaar maal 1.000.",
      "baan", ("provinciaal-werkgelegenheidsregister",), "programma-economie", 850, 2030, "up",
      ("ECON",), "provincie-utrecht", rural=520, urban=920, trend=8, noise=12, decimals=0,
      high=3000, shocks={2020: -15}),
    S("winkelleegstand-percentage", "Winkelleegstand", "Retail vacancy rate",
      "Het aandeel leegstaand winkelvloeroppervlak.", PCT,
      "Leegstaand winkelvloeroppervlak gedeeld door het totale winkelvloeroppervlak op 1 januari.",
      "winkelleegstand", ("winkelaanbod-en-leegstand",), "programma-economie", 5, 2030, "down",
      ("ECON",),
      "provincie-utrecht", rural=5.5, urban=7.5, trend=-0.2, noise=0.6, shocks={2021: 1.0}),
    S("ervaren-gezondheid-goed", "Ervaren gezondheid goed of zeer goed",
      "Self-perceived health good or very good",
      "Het aandeel volwassenen dat de eigen gezondheid als goed of zeer goed ervaart.", PCT,
      "Percentage respondenten van 18 jaar en ouder dat 'goed' of 'zeer goed' antwoordt op de "
      "vraag naar de eigen gezondheid.", "ervaren-gezondheid", ("gezondheidsmonitor-volwassenen",),
      "programma-gezonde-leefomgeving", 80, 2030, "up", ("HEAL",), "ggd-regio-utrecht",
      rural=78, urban=75, trend=-0.3, noise=0.9, survey=True),
    S("overgewicht-volwassenen", "Overgewicht bij volwassenen", "Overweight among adults",
      "Het aandeel volwassenen met overgewicht (BMI 25 of hoger).", PCT,
      "Percentage respondenten van 18 jaar en ouder met een BMI van 25 kg/m² of hoger, berekend "
      "uit zelfgerapporteerde lengte en gewicht.", "overgewicht",
      ("gezondheidsmonitor-volwassenen",), "programma-gezonde-leefomgeving", 40, 2040, "down",
      ("HEAL",), "ggd-regio-utrecht", rural=51, urban=38, trend=0.3, noise=0.9, survey=True),
    S("ernstige-eenzaamheid", "Ernstige eenzaamheid", "Severe loneliness",
      "Het aandeel volwassenen dat zich ernstig of zeer ernstig eenzaam voelt.", PCT,
      "Percentage respondenten met een score van 9 of hoger op de eenzaamheidsschaal van "
      "De Jong-Gierveld.", "eenzaamheid", ("gezondheidsmonitor-volwassenen",),
      "programma-gezonde-leefomgeving", 10, 2030, "down", ("HEAL", "SOCI"), "ggd-regio-utrecht",
      rural=9, urban=13, trend=0.1, noise=0.7, shocks={2020: 1.8, 2021: 2.4}, survey=True),
    S("bezoeken-cultuurvoorzieningen", "Bezoeken aan cultuurvoorzieningen per inwoner",
      "Visits to cultural facilities per inhabitant",
      "Het aantal bezoeken aan musea, theaters, poppodia en bibliotheken per inwoner.",
      "bezoeken per inwoner", "Som van de geregistreerde bezoeken aan cultuurvoorzieningen in "
      "de gemeente gedeeld door het aantal inwoners.", "cultuur", ("cultuurvoorzieningen",),
      "programma-cultuur-en-erfgoed", 5, 2030, "up", ("EDUC",), "provincie-utrecht",
      rural=1.3, urban=4.8, trend=0.08, noise=0.15, high=50, shocks={2020: -1.6, 2021: -1.3}),
    S("ziekteverzuim-provincie", "Ziekteverzuim provinciale organisatie (intern)",
      "Sickness absence of the provincial organisation (internal)",
      "Intern: het ziekteverzuimpercentage van de medewerkers van de provincie.", PCT,
      "Aantal verzuimde kalenderdagen gedeeld door het aantal beschikbare kalenderdagen.",
      "bestuur", ("ziekteverzuim-medewerkers",), "programma-economie", 4.5, 2026, "down",
      ("GOVE",), "provincie-utrecht", rural=5.2, urban=5.2, trend=0.1, noise=0.3,
      level="provincie", access="internal"),
]
