// The search benchmark's labelled relevance set: a fixed, hand-written corpus of lessons and
// threads, and queries with graded judgements (3 = exactly what the person was looking for,
// 2 = clearly relevant, 1 = marginally relevant, unlisted = not relevant). About a third of
// the queries are misspelled or use the field's jargon, abbreviations or synonyms where the
// documents use other words (A&E for emergency department, DNA for missed appointments, PDSA for
// test of change...), because that is how people type into a search box.

const lesson = (key, outcome, setting, title, tried, happened, why, tags, barriers = []) => ({ key, type: 'lesson', outcome, setting, title, tried, happened, why, tags, barriers });
const thread = (key, title, body) => ({ key, type: 'thread', title, body });

export const RELEVANCE_DOCUMENTS = [
  // Missed appointments
  lesson('dna-sms', 'worked', 'general practice', 'Text message reminders cut missed appointments', 'We sent an SMS reminder two days before every appointment, with a reply option to cancel.', 'Did-not-attend appointments fell from 9% to 5% over three months on the run chart.', 'Patients told us they simply forgot; a reminder fixed that.', ['appointments', 'reminders'], [{ description: 'the messaging contract only covered weekdays', kind: 'local' }]),
  lesson('dna-calls', 'partly_worked', 'outpatient clinic', 'Phoning patients who often miss clinic', 'A clerk called patients with two or more missed appointments the day before.', 'Attendance improved for the patients reached, but half the phone numbers were wrong.', 'Our contact details were out of date; the calls could not reach people.', ['appointments', 'access'], [{ description: 'patient contact details are not updated between services', kind: 'systemic' }]),
  lesson('dna-evening', 'did_not_work', 'community mental health', 'Evening clinics did not reduce no-shows', 'We opened two evening clinics a week for people who work.', 'The no-show rate did not change; evening slots were filled by people who would have come anyway.', 'We guessed the cause instead of asking patients why they did not come.', ['appointments', 'mental-health']),
  thread('dna-thread', 'How do you count patients who did not attend?', 'Our DNA figure includes late cancellations. Does anyone use a different operational definition?'),
  // Emergency department flow
  lesson('ed-rat', 'worked', 'emergency department', 'Senior assessment at the front door of the emergency department', 'A consultant assessed every ambulance arrival within 15 minutes.', 'The share of patients seen within four hours rose from 71% to 82%.', 'Early senior decisions avoided waiting for tests nobody needed.', ['flow', 'triage']),
  lesson('ed-streaming', 'partly_worked', 'emergency department', 'Streaming walk-in patients to a GP in the department', 'Walk-in patients with minor illness were streamed to a GP working inside the emergency department.', 'Waits for minor illness fell, but majors did not change.', 'The main problem was beds upstairs, not who saw minors.', ['flow', 'primary-care'], [{ description: 'no beds on the wards to admit patients into', kind: 'systemic' }]),
  lesson('ed-corridor', 'did_not_work', 'emergency department', 'A fit-to-sit area did not end corridor care', 'We moved ambulant patients to chairs in a fit-to-sit area.', 'Corridor waits stayed the same; the area filled within an hour every day.', 'Exit block from the hospital was the real cause.', ['flow', 'crowding'], [{ description: 'exit block: the hospital had no free beds', kind: 'systemic' }]),
  lesson('ed-handover', 'abandoned', 'emergency department', 'Ambulance handover within 15 minutes', 'We tried a dedicated nurse to receive every ambulance handover.', 'We stopped after three weeks when the post could not be filled.', 'No funded post for the handover nurse.', ['ambulance', 'flow']),
  // Sepsis
  lesson('sepsis-trolley', 'worked', 'acute medical ward', 'A sepsis trolley got antibiotics to patients faster', 'A trolley with antibiotics, fluids and blood culture bottles stood on every ward.', 'Antibiotics within one hour rose from 48% to 79%.', 'Nurses no longer had to search for what they needed.', ['sepsis', 'antibiotics']),
  lesson('sepsis-screen', 'partly_worked', 'emergency department', 'Sepsis screening on the triage form', 'We added a sepsis screening question to the triage form.', 'Screening rose to 90% but time to antibiotics improved only at night.', 'Day shifts were too busy to act on a positive screen.', ['sepsis', 'screening']),
  lesson('sepsis-maternity', 'did_not_work', 'maternity unit', 'An adult sepsis tool missed sepsis after birth', 'We used the adult sepsis tool for women after birth.', 'It flagged almost everyone in labour; midwives ignored it.', 'Normal labour physiology set off the adult thresholds; maternity needs its own tool.', ['sepsis', 'maternity']),
  // Falls
  lesson('falls-bay', 'worked', 'acute medical ward', 'Bay nursing halved falls at night', 'One nurse stayed in each bay at night, with breaks covered.', 'Falls per 1,000 bed days fell from 8 to 4.', 'Someone was always there when a confused patient got up.', ['falls', 'patient-safety']),
  lesson('falls-carehome', 'partly_worked', 'care home', 'Low beds and crash mats for residents with dementia', 'Residents at high risk of falling got low beds and crash mats.', 'Injuries from falls fell, but the number of falls did not.', 'Mats reduce harm, not the fall itself.', ['falls', 'dementia', 'older-people']),
  lesson('falls-meds', 'worked', 'care home', 'Reviewing sedatives to prevent falls', 'A pharmacist reviewed every resident on sedatives or blood pressure drugs that cause dizziness.', 'Falls went down by a third over six months.', 'Many residents were on medicines they no longer needed.', ['falls', 'medicines', 'polypharmacy']),
  lesson('falls-sensors', 'abandoned', 'care home', 'Bed sensor mats kept failing', 'Sensor mats alerted staff when residents got out of bed.', 'We abandoned them after the third batch broke in a month.', 'The equipment was not robust enough.', ['falls', 'digital']),
  thread('falls-thread', 'Falls at night in our care home', 'Residents with dementia fall mostly between 2 and 5 a.m. What have others tried?'),
  // Depression
  lesson('phq-calls', 'worked', 'general practice', 'Calling patients within a week of a positive depression screen', 'A practice nurse phoned every patient with a PHQ-9 of 10 or more within seven days.', 'Follow-up within 30 days rose from 35% to 80%.', 'A call soon after the screen kept people engaged.', ['depression', 'mental-health', 'follow-up']),
  lesson('phq-handover', 'partly_worked', 'general practice', 'Warm handover to talking therapies', 'The GP introduced the patient to a therapist in the same visit.', 'More people started therapy, but waiting lists of four months undid much of it.', 'Capacity in talking therapies was the limit.', ['depression', 'mental-health'], [{ description: 'four-month waiting list for psychological therapies', kind: 'systemic' }]),
  lesson('perinatal', 'did_not_work', 'maternity unit', 'Screening new mothers for postnatal depression at six weeks', 'Midwives screened every mother at six weeks after birth.', 'Screening happened, but positive screens were not passed on to the GP.', 'The maternity and GP records did not talk to each other.', ['depression', 'maternity', 'screening'], [{ description: 'maternity and GP records are separate systems', kind: 'systemic' }]),
  // Crisis
  lesson('crisis-plans', 'worked', 'community mental health', 'Crisis plans written with every person on the caseload', 'Care coordinators wrote a crisis plan with each person, in their words.', 'Repeat crisis presentations within 28 days fell by a quarter.', 'People knew who to call and what helps them.', ['crisis', 'mental-health', 'co-design']),
  lesson('crisis-cafe', 'abandoned', 'community mental health', 'A safe haven café for evenings', 'Peer workers ran a café open 6 to 11 p.m. for people in crisis.', 'Visits to the emergency department at night fell, but the café closed after six months.', 'Funding was for a pilot only.', ['crisis', 'peer-support'], [{ description: 'pilot funding only, no recurrent budget', kind: 'systemic' }]),
  lesson('crisis-liaison', 'partly_worked', 'emergency department', 'Mental health liaison nurse in the emergency department at night', 'A liaison nurse saw people in mental health crisis in the department overnight.', 'Waits for assessment fell, but waits for a bed did not.', 'There were no inpatient beds in the county.', ['crisis', 'mental-health', 'flow']),
  // Medicines
  lesson('medrec', 'worked', 'acute medical ward', 'Pharmacist medicines reconciliation within 24 hours', 'Pharmacy technicians took a drug history for every admission.', 'Reconciliation within 24 hours rose from 40% to 85%.', 'Technicians freed pharmacists for the complex patients.', ['medicines', 'pharmacy']),
  lesson('tabards', 'did_not_work', 'acute medical ward', 'Do-not-disturb tabards on drug rounds', 'Nurses wore red tabards during medicine rounds.', 'Interruptions did not fall, and nurses disliked the tabards.', 'Interruptions came from phones and doctors, not from patients.', ['medicines', 'medication-errors']),
  lesson('polypharmacy', 'partly_worked', 'general practice', 'Structured medication reviews for people on ten or more medicines', 'A clinical pharmacist reviewed patients on ten or more medicines.', 'Two medicines per patient were stopped on average, but only half the list was reviewed.', 'Reviews took longer than planned.', ['medicines', 'polypharmacy', 'older-people']),
  lesson('discharge-meds', 'worked', 'community pharmacy', 'Referring patients to their community pharmacy at discharge', 'The hospital sent a discharge medicines referral to the patient\'s pharmacy.', 'Readmissions for medicine problems fell.', 'The pharmacist caught changes the GP had not seen.', ['medicines', 'discharge', 'pharmacy']),
  // Discharge and readmissions
  lesson('edd', 'worked', 'acute medical ward', 'Setting an expected date of discharge on admission', 'Every patient got an expected discharge date at the first board round.', 'Length of stay fell by a day.', 'Everyone worked towards the same date.', ['discharge', 'flow']),
  lesson('followup-call', 'partly_worked', 'acute medical ward', 'A phone call two days after discharge for heart failure', 'A nurse called every heart failure patient 48 hours after going home.', 'Readmissions within 30 days fell slightly; many calls went unanswered.', 'Calls from a withheld number were ignored.', ['readmissions', 'heart-failure']),
  lesson('d2a', 'did_not_work', 'district nursing', 'Discharge to assess without enough carers', 'Patients went home and were assessed there for their care package.', 'Delays moved from the hospital to the community; some patients waited at home without care.', 'Not enough home care workers in the area.', ['discharge', 'social-care'], [{ description: 'shortage of home care workers across the region', kind: 'systemic' }]),
  // Pressure ulcers
  lesson('sskin', 'worked', 'care home', 'SSKIN checks on every shift cut pressure ulcers', 'Care workers checked skin, surface, keep moving, incontinence and nutrition each shift.', 'New pressure ulcers fell from 6 to 1 a month.', 'A simple checklist everyone understood.', ['pressure-ulcers', 'nursing']),
  lesson('mattress', 'abandoned', 'district nursing', 'Ordering pressure-relieving mattresses at first visit', 'District nurses ordered mattresses at the first visit.', 'We stopped when deliveries took over a week.', 'One depot served the whole region.', ['pressure-ulcers', 'equipment'], [{ description: 'regional equipment service too slow', kind: 'systemic' }]),
  // Antibiotics
  lesson('delayed-rx', 'worked', 'general practice', 'Delayed antibiotic prescriptions for chest infections', 'GPs offered a back-up prescription to use only if symptoms got worse.', 'Antibiotic items fell by 20% with no rise in complaints.', 'Patients felt they had a safety net.', ['antibiotics', 'stewardship', 'prescribing']),
  lesson('crp', 'abandoned', 'general practice', 'Point-of-care CRP tests for coughs', 'A finger-prick CRP test guided whether to prescribe.', 'Abandoned after two months: the machine needed quality control we could not run.', 'No lab support for quality control.', ['antibiotics', 'diagnostics']),
  lesson('uti-carehome', 'partly_worked', 'care home', 'Stopping dipstick tests for urine infections in older residents', 'Staff stopped dipsticking residents over 65 and used a symptom checklist.', 'Antibiotics for UTI fell, but some GPs still asked for dipsticks.', 'GPs had not been part of the change.', ['antibiotics', 'uti', 'older-people']),
  // Diabetes
  lesson('foot-checks', 'worked', 'general practice', 'Healthcare assistants doing diabetes foot checks', 'Healthcare assistants were trained to check feet at the annual diabetes review.', 'Foot checks rose from 60% to 92%.', 'Nurses had time for the harder parts of the review.', ['diabetes', 'foot-care']),
  lesson('group-consult', 'partly_worked', 'general practice', 'Group consultations for type 2 diabetes', 'Ten patients met with a nurse and a facilitator for 90 minutes.', 'HbA1c improved for those who came; many did not come back.', 'Sessions were during working hours.', ['diabetes', 'group-consultations']),
  // COPD
  lesson('rescue-packs', 'did_not_work', 'general practice', 'COPD rescue packs without a self-management plan', 'We gave rescue packs of steroids and antibiotics to patients with COPD.', 'Packs were used for every cough; admissions did not fall.', 'No one explained when to use them.', ['copd', 'respiratory', 'antibiotics']),
  lesson('inhaler', 'worked', 'community pharmacy', 'Inhaler technique checks at the pharmacy', 'Pharmacists checked inhaler technique when asthma and COPD prescriptions were collected.', 'Two thirds of patients had errors; exacerbations fell.', 'A quick demonstration fixed most problems.', ['copd', 'asthma', 'pharmacy']),
  lesson('pulm-rehab', 'partly_worked', 'district nursing', 'Getting people with COPD to pulmonary rehabilitation', 'We referred patients to pulmonary rehabilitation before discharge.', 'Referrals doubled, but attendance stayed low.', 'Classes were far from bus routes.', ['copd', 'rehabilitation']),
  // Deterioration
  lesson('news2', 'worked', 'acute medical ward', 'NEWS2 on handheld devices with automatic escalation', 'Observations were entered on handheld devices that paged the outreach team at a score of 7.', 'Cardiac arrests fell from 3 to 1 per 1,000 admissions.', 'Escalation no longer depended on someone remembering to call.', ['deterioration', 'news2', 'digital']),
  lesson('restore2', 'partly_worked', 'care home', 'Spotting deterioration in care home residents with soft signs', 'Care workers used soft signs (not eating, more confused) and a structured call to the GP.', 'Calls were clearer, but homes had no equipment to take observations.', 'Equipment and training came later than promised.', ['deterioration', 'older-people']),
  lesson('sbar', 'worked', 'maternity unit', 'SBAR for escalation calls to the obstetrician', 'Midwives used situation, background, assessment, recommendation for every call.', 'Delays to review fell; doctors said calls were clearer.', 'A shared structure removed guesswork.', ['handover', 'communication', 'maternity']),
  // Handover
  lesson('huddle', 'worked', 'acute medical ward', 'A ten-minute safety huddle at shift change', 'The team met for ten minutes at every shift change to name the patients at risk.', 'Incidents with lost information fell by half.', 'Short, standing, the same time every day.', ['handover', 'safety-huddle', 'teamwork']),
  lesson('bedside-handover', 'abandoned', 'acute medical ward', 'Bedside handover with the patient', 'Nurses handed over at the bedside with the patient listening.', 'Abandoned after a month: confidential details could be overheard in bays.', 'Bays of six gave no privacy.', ['handover', 'patient-experience']),
  // Hypertension
  lesson('bp-pharmacy', 'partly_worked', 'community pharmacy', 'Blood pressure checks in community pharmacies', 'Pharmacies checked blood pressure for adults over 40 who came in.', 'Many new cases were found, but readings did not reach the GP record.', 'Pharmacy and GP systems were not connected.', ['hypertension', 'cardiovascular', 'pharmacy'], [{ description: 'pharmacy readings do not flow into GP records', kind: 'systemic' }]),
  lesson('bp-home', 'worked', 'general practice', 'Lending home blood pressure monitors', 'The practice lent monitors so patients could send readings from home.', 'Patients treated to target rose from 55% to 68%.', 'Home readings avoided white-coat results.', ['hypertension', 'digital', 'remote-monitoring']),
  // Maternity
  lesson('pph', 'worked', 'maternity unit', 'Measuring blood loss after every birth', 'Midwives weighed swabs and pads to measure blood loss after every birth.', 'Severe postpartum haemorrhage fell from 3.1% to 2.2%.', 'Measured blood loss triggered help earlier than estimates.', ['maternity', 'haemorrhage', 'patient-safety']),
  lesson('co-testing', 'partly_worked', 'maternity unit', 'Carbon monoxide testing at booking for pregnant smokers', 'Every woman had a CO test at booking, with opt-out referral to stop-smoking support.', 'Referrals tripled but quit rates rose only a little.', 'The stop-smoking service had long waits.', ['maternity', 'smoking']),
  // End of life
  lesson('respect', 'worked', 'care home', 'Advance care planning conversations with every resident', 'Staff held ReSPECT conversations with residents and families.', 'More residents died in their preferred place.', 'Families knew the plan before a crisis.', ['end-of-life', 'advance-care-planning']),
  lesson('anticipatory', 'did_not_work', 'district nursing', 'Anticipatory medicines for people dying at home', 'GPs prescribed just-in-case medicines early.', 'Families still waited hours at night because pharmacies did not stock them.', 'Local pharmacies did not keep end-of-life drugs.', ['end-of-life', 'palliative-care', 'medicines'], [{ description: 'community pharmacies do not stock end-of-life drugs', kind: 'systemic' }]),
  // Infection control
  lesson('catheter', 'worked', 'acute medical ward', 'A daily question: does this catheter need to stay?', 'Nurses asked every day whether each urinary catheter was still needed and could remove it.', 'Catheter-associated urinary tract infections fell by 40%.', 'Nurse-led removal avoided waiting for a doctor.', ['infection-control', 'catheters']),
  lesson('hand-gel', 'partly_worked', 'paediatric ward', 'Hand gel at the foot of every cot', 'Gel dispensers were fixed at the foot of each bed and cot.', 'Hand hygiene rose on weekdays; dispensers were empty at weekends.', 'No one refilled them at weekends.', ['hand-hygiene', 'infection-control']),
  // Improvement method and measurement
  lesson('pdsa-small', 'worked', 'general practice', 'Testing small: one receptionist, one morning', 'We ran our first plan-do-study-act cycle with one receptionist for one morning before involving the practice.', 'Four quick cycles fixed the booking script before everyone used it.', 'Small tests made failure cheap.', ['small-tests', 'improvement-method']),
  lesson('spc-shift', 'partly_worked', 'outpatient clinic', 'Reading our control chart wrong', 'We celebrated after two good weeks on the statistical process control chart.', 'It was common cause variation; the next month went back to the mean.', 'We did not wait for a real signal such as a shift of six points.', ['measurement', 'control-chart']),
  lesson('run-chart', 'worked', 'care home', 'A run chart on the staff room wall', 'We plotted falls each week on a run chart with the median, annotated with each change.', 'Staff could see which change moved the line.', 'Seeing the data every week kept it alive.', ['run-chart', 'falls', 'measurement']),
  lesson('too-many-changes', 'did_not_work', 'acute medical ward', 'Changing everything at once', 'We launched six changes on the same day across the hospital, without small tests.', 'Nothing measurable changed and staff were exhausted.', 'Without tests of change we could not learn which idea mattered.', ['improvement-method', 'spread']),
  thread('pdsa-thread', 'How many PDSA cycles before you spread a change?', 'We have done three plan-do-study-act cycles on one ward. When did you decide to spread?'),
  thread('spc-thread', 'Control limits for a monthly measure with few data points', 'Our SPC chart has only 12 points. Is that enough to calculate control limits?'),
  // Equity, workforce, patient partners
  lesson('interpreters', 'partly_worked', 'general practice', 'Booking interpreters for diabetes reviews', 'The practice booked interpreters for South Asian patients at the annual review.', 'More reviews were completed, but interpreters had to be booked weeks ahead.', 'The interpreting service was regional and overbooked.', ['equity', 'diabetes', 'access'], [{ description: 'regional interpreting contract too small', kind: 'systemic' }]),
  lesson('patient-partners', 'worked', 'community mental health', 'Patient partners on the improvement team', 'Two people with lived experience joined the team as equal members.', 'They redesigned the appointment letter; fewer people missed first appointments.', 'They saw what staff could not see.', ['co-design', 'patient-partners', 'appointments']),
  lesson('agency', 'did_not_work', 'care home', 'Training agency staff in falls prevention', 'We gave agency staff a falls briefing on arrival.', 'Falls did not change; different agency staff came every night.', 'The workforce problem could not be trained away.', ['falls', 'workforce'], [{ description: 'reliance on agency staff', kind: 'systemic' }]),
  lesson('frailty', 'worked', 'emergency department', 'A frailty team in the emergency department', 'A geriatrician and therapist saw frail older people within an hour of arrival.', 'More frail patients went home the same day instead of being admitted.', 'Comprehensive geriatric assessment at the front door.', ['frailty', 'older-people', 'flow']),
  lesson('delirium', 'partly_worked', 'acute medical ward', 'Screening older patients for delirium with the 4AT', 'Nurses screened every patient over 65 with the 4AT on admission.', 'Screening rose to 80%, but positive screens often had no plan.', 'Doctors were not sure what to do next.', ['delirium', 'older-people', 'screening']),
  lesson('immunisation', 'worked', 'general practice', 'Text reminders for childhood immunisations', 'Parents got text reminders and an easy rebooking link for their child\'s vaccines.', 'Uptake of the 12-month vaccines rose from 86% to 93%.', 'Booking had been the hard part for parents.', ['immunisation', 'children', 'reminders']),
  lesson('telephone-triage', 'did_not_work', 'general practice', 'Telephone triage for every same-day request', 'A GP phoned every patient asking for a same-day appointment.', 'The GP spent the whole morning on the phone and waits grew.', 'Demand was higher than the triage capacity.', ['access', 'triage', 'primary-care']),
  lesson('smoking-ward', 'abandoned', 'acute medical ward', 'Nicotine replacement for smokers on admission', 'Every smoker admitted was offered nicotine replacement within 24 hours.', 'Abandoned when the tobacco dependence adviser left.', 'The whole service depended on one person.', ['smoking', 'prevention']),
  lesson('vte', 'worked', 'acute medical ward', 'Blood clot risk assessment on admission', 'Venous thromboembolism risk was assessed by the admitting doctor with a prompt in the record.', 'Assessments rose to 97% and hospital-acquired clots fell.', 'A hard stop in the record made it routine.', ['blood-clots', 'patient-safety', 'digital']),
];

// Grades: 3 exactly on it, 2 clearly relevant, 1 marginal. `kind` says why the query is hard.
const query = (q, judgements, kind = 'plain') => ({ q, kind, judgements });

export const RELEVANCE_QUERIES = [
  // Plain queries in the words the documents use
  query('missed appointments', { 'dna-sms': 3, 'dna-calls': 3, 'dna-evening': 3, 'dna-thread': 2, 'patient-partners': 1 }),
  query('text message reminders', { 'dna-sms': 3, 'immunisation': 2, 'dna-calls': 1 }),
  query('sepsis antibiotics within one hour', { 'sepsis-trolley': 3, 'sepsis-screen': 2, 'sepsis-maternity': 1 }),
  query('falls at night', { 'falls-bay': 3, 'falls-thread': 3, 'falls-carehome': 1, 'falls-sensors': 1 }),
  query('falls in care homes', { 'falls-carehome': 3, 'falls-meds': 3, 'falls-sensors': 2, 'falls-thread': 2, 'agency': 2, 'run-chart': 1 }),
  query('depression screening follow-up', { 'phq-calls': 3, 'perinatal': 2, 'phq-handover': 2 }),
  query('crisis plans', { 'crisis-plans': 3, 'crisis-cafe': 1, 'crisis-liaison': 1 }),
  query('medicines reconciliation', { medrec: 3, 'discharge-meds': 2, polypharmacy: 1 }),
  query('pressure ulcers', { sskin: 3, mattress: 3 }),
  query('delayed antibiotic prescriptions', { 'delayed-rx': 3, crp: 1, 'uti-carehome': 1 }),
  query('diabetes foot checks', { 'foot-checks': 3, 'group-consult': 1, interpreters: 1 }),
  query('inhaler technique', { inhaler: 3, 'rescue-packs': 1 }),
  query('expected date of discharge', { edd: 3, 'd2a': 1, 'followup-call': 1 }),
  query('safety huddle', { huddle: 3, 'bedside-handover': 1, sbar: 1 }),
  query('blood pressure monitors at home', { 'bp-home': 3, 'bp-pharmacy': 2 }),
  query('postpartum haemorrhage', { pph: 3 }),
  query('advance care planning', { respect: 3, anticipatory: 1 }),
  query('urinary catheter infections', { catheter: 3, 'uti-carehome': 1 }),
  query('hand hygiene', { 'hand-gel': 3, catheter: 1 }),
  query('run chart', { 'run-chart': 3, 'spc-shift': 2, 'spc-thread': 1, 'dna-sms': 1 }),
  query('waiting list for talking therapies', { 'phq-handover': 3 }),
  query('frailty emergency department', { frailty: 3, 'ed-rat': 1 }),
  query('delirium screening', { delirium: 3 }),
  query('childhood immunisations', { immunisation: 3 }),
  query('interpreters', { interpreters: 3 }),
  query('patient partners', { 'patient-partners': 3 }),
  query('agency staff', { agency: 3 }),
  query('carbon monoxide testing pregnancy', { 'co-testing': 3 }),
  query('pulmonary rehabilitation', { 'pulm-rehab': 3, inhaler: 1 }),
  query('corridor care exit block', { 'ed-corridor': 3, 'ed-streaming': 1 }),
  query('ambulance handover', { 'ed-handover': 3, 'ed-rat': 2 }),
  query('heart failure readmissions', { 'followup-call': 3, 'discharge-meds': 1 }),
  query('pilot funding ended', { 'crisis-cafe': 3, 'smoking-ward': 1 }),
  query('what did not work with sensor mats', { 'falls-sensors': 3, 'falls-carehome': 1 }),
  query('group consultations', { 'group-consult': 3 }),
  query('telephone triage same day', { 'telephone-triage': 3 }),
  query('nicotine replacement', { 'smoking-ward': 3, 'co-testing': 1 }),
  query('bedside handover privacy', { 'bedside-handover': 3, huddle: 1 }),
  query('control limits', { 'spc-thread': 3, 'spc-shift': 2 }),
  query('COPD', { 'rescue-packs': 3, inhaler: 3, 'pulm-rehab': 3 }),
  // Jargon, abbreviations and synonyms: the documents use other words
  query('DNA rates', { 'dna-sms': 3, 'dna-calls': 3, 'dna-evening': 3, 'dna-thread': 3, 'patient-partners': 1 }, 'jargon'),
  query('A&E four hour target', { 'ed-rat': 3, 'ed-streaming': 2, 'ed-corridor': 2, 'ed-handover': 1, frailty: 1 }, 'jargon'),
  query('ED crowding', { 'ed-corridor': 3, 'ed-rat': 2, 'ed-streaming': 2, 'ed-handover': 1 }, 'jargon'),
  query('PDSA', { 'pdsa-small': 3, 'pdsa-thread': 3, 'too-many-changes': 1 }, 'jargon'),
  query('test of change', { 'pdsa-small': 3, 'pdsa-thread': 2, 'too-many-changes': 2 }, 'jargon'),
  query('SPC chart', { 'spc-shift': 3, 'spc-thread': 3, 'run-chart': 1 }, 'jargon'),
  query('GP access same day', { 'telephone-triage': 3, 'ed-streaming': 1 }, 'jargon'),
  query('primary care antibiotics', { 'delayed-rx': 3, crp: 2 }, 'jargon'),
  query('VTE', { vte: 3 }, 'jargon'),
  query('CAUTI', { catheter: 3 }, 'jargon'),
  query('PPH', { pph: 3 }, 'jargon'),
  query('HCA diabetes foot checks', { 'foot-checks': 3, 'group-consult': 1 }, 'jargon'),
  query('no-shows', { 'dna-evening': 3, 'dna-sms': 3, 'dna-calls': 3, 'dna-thread': 2 }, 'jargon'),
  // Misspelled
  query('sepsiss screening', { 'sepsis-screen': 3, 'sepsis-maternity': 2, 'sepsis-trolley': 2 }, 'misspelled'),
  query('presure ulcers', { sskin: 3, mattress: 3 }, 'misspelled'),
  query('medicaton reconcilation', { medrec: 3, 'discharge-meds': 2, polypharmacy: 1 }, 'misspelled'),
  query('hypertenshion pharmacy', { 'bp-pharmacy': 3, 'bp-home': 2 }, 'misspelled'),
  query('delirum', { delirium: 3 }, 'misspelled'),
  query('immunisaton reminders', { immunisation: 3, 'dna-sms': 1 }, 'misspelled'),
  query('depresion follow up', { 'phq-calls': 3, 'phq-handover': 2, perinatal: 2 }, 'misspelled'),
  query('polypharmacey review', { polypharmacy: 3, 'falls-meds': 2 }, 'misspelled'),
  query('rehabilitaton copd', { 'pulm-rehab': 3, inhaler: 1, 'rescue-packs': 1 }, 'misspelled'),
  query('safe haven cafe crisis', { 'crisis-cafe': 3, 'crisis-plans': 1, 'crisis-liaison': 1 }, 'misspelled'),
];
